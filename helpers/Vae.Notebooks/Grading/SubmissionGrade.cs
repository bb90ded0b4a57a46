using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>One row of the gradebook: a submission, the edition it was graded against, its checks, and how its run ended.</summary>
public sealed record SubmissionGrade
{
    /// <summary>The submission as named on the command line.</summary>
    public required string File { get; init; }

    /// <summary>The teacher notebook's name (e.g. 01-implementation), null when none matched or the file was refused.</summary>
    public string? Against { get; init; }

    public IReadOnlyList<GradedCheck> Checks { get; init; } = [];

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
