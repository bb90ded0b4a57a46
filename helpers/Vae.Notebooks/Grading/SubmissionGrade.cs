using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>
/// One submission graded: whose it is, the edition it was graded against, its checks and written answers, and how its run
/// ended. Kept as JSON under the gradebook's results/ (<see cref="GradeResults"/>), from which every gradebook file is made.
/// </summary>
public sealed record SubmissionGrade
{
    /// <summary>The submission as named on the command line (or found in a folder named there).</summary>
    public required string File { get; init; }

    /// <summary>The student it belongs to (<see cref="HandIns"/>).</summary>
    public string Student { get; init; } = "";

    /// <summary>Its path below the student's folder, or its name in a flat folder: with <see cref="Student"/>, what names it
    /// when it is graded again or on another machine.</summary>
    public string RelativePath { get; init; } = "";

    /// <summary>When the file was last written: of two files of one notebook by one student, the later counts.</summary>
    public DateTimeOffset HandedIn { get; init; }

    public DateTimeOffset GradedAt { get; init; }

    /// <summary>The teacher notebook's name (e.g. 01-implementation), null when none matched or the file was refused.</summary>
    public string? Against { get; init; }

    public IReadOnlyList<GradedCheck> Checks { get; init; } = [];

    /// <summary>What the edition's checks and written answers were worth when it was graded (null when none matched).</summary>
    public NotebookPoints? Points { get; init; }

    /// <summary>The written answers, one per question of the edition, as the submission holds them.</summary>
    public IReadOnlyList<WrittenAnswer> Answers { get; init; } = [];

    public int Passed => Checks.Count(c => c.Status == CheckStatus.Passed);

    public TimeSpan Duration { get; init; }

    /// <summary>How the run ended.</summary>
    public required SubmissionEnd End { get; init; }

    /// <summary>Which kind of file it was, when <see cref="End"/> is <see cref="SubmissionEnd.Refused"/>.</summary>
    public NotebookRefusal? Refusal { get; init; }

    /// <summary>What the row points out without failing it: regions not taken, reference code called (see <see cref="SubmissionFlag"/>).</summary>
    public IReadOnlyList<SubmissionFlag> Flags { get; init; } = [];

    /// <summary>One line more about <see cref="End"/> (the reader's message, the kernel's last words); "" when nothing.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The executed notebook's report page and .ipynb, relative to the gradebook (null when nothing ran).</summary>
    public string? Page { get; init; }

    public string? Notebook { get; init; }

    /// <summary>Processes still in the submission's group when it ended (and ended by the grader).</summary>
    public int LeftoverProcesses { get; init; }

    /// <summary>The most memory the submission's processes used at once, in bytes (0 unsealed).</summary>
    public long PeakMemory { get; init; }

    /// <summary>What held its memory, process and disk limits; null when it ran unsealed or did not run.</summary>
    public SealLimits? Limits { get; init; }
}
