using Vae.Notebooks.Documents;
using Vae.Notebooks.Report;
using Vae.Notebooks.Running;

namespace Vae.Notebooks.Grading;

/// <summary>The sandbox cannot be made on this machine: grading sealed off cannot start. The message says why.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);

/// <summary>
/// What grading a class did: a row per submission graded here, and the gradebook made from every result in the folder
/// (null for a shard, whose results wait to be merged).
/// </summary>
public sealed record GradedClass(IReadOnlyList<SubmissionGrade> Grades, WrittenGradebook? Gradebook)
{
    /// <summary>The teacher's answers, graded first in the class's settings (their runs shared with the class): each should pass every check.</summary>
    public IReadOnlyList<SubmissionGrade> Reference { get; init; } = [];
}

/// <summary>
/// Grades a class: finds the teacher notebooks, the students' hand-ins and the sandbox, runs this shard's submissions
/// (<see cref="GradeOptions.Jobs"/> at a time, each by a <see cref="SubmissionGrader"/> in a scratch folder of its own),
/// keeps each one's result under results/ as soon as it is graded and its executed notebook under submissions/, reads its
/// written answers, and makes the gradebook from every result the folder holds (<see cref="Gradebook"/>).
/// </summary>
public static class ClassGrader
{
    /// <exception cref="ArgumentException">A submission or the teacher notebook is missing or unreadable, or the output folder
    /// cannot serve (the message says why).</exception>
    /// <exception cref="InvalidDataException">The roster, manual.csv or an earlier result in the folder cannot be read.</exception>
    /// <exception cref="SandboxUnavailableException">Sealing is asked for and this machine cannot seal.</exception>
    /// <exception cref="IOException">The gradebook cannot be written.</exception>
    public static async Task<GradedClass> GradeAsync(IReadOnlyList<string> submissions, string outDir, GradeOptions options, CourseOptions course,
        CancellationToken cancellationToken = default)
    {
        var editions = TeacherEditions(options.Against);
        // A gradebook kept inside the handed-in folder holds executed notebooks of its own: they are no hand-ins.
        var gradebook = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir)) + Path.DirectorySeparatorChar;
        var handIns = course.Shard.Take([.. HandIns.Find(submissions, [.. editions.Select(e => e.Name)])
            .Where(h => !Path.GetFullPath(h.Path).StartsWith(gradebook, StringComparison.Ordinal))]);
        // Whatever cannot be read fails now, not after the class ran.
        var roster = course.Roster is null ? null : Roster.Load(course.Roster);
        GradeResults.Load(outDir);
        if (course.Shard.IsAll)
            ManualGrades.Load(Path.Combine(outDir, Gradebook.ManualName));
        var points = editions.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => NotebookPoints.Read(g.First()));
        var scratchRoot = Path.Combine(Path.GetTempPath(), $"vae-grade-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        var referenceRuns = Path.GetFullPath(Path.Combine(outDir, ReferenceRuns.Folder));
        ReportWriter.CheckWritable(outDir);
        // Bound into every sandbox (and so into the probe that tries one), it must exist before the teacher's answers fill it.
        Directory.CreateDirectory(referenceRuns);
        var sandbox = options.NoSandbox ? null : Seal([.. handIns.Select(h => h.Path)], outDir, options.Host, referenceRuns);
        if (roster is not null)
            GradeResults.Copy(course.Roster!, Path.Combine(outDir, Roster.FileName));

        var progress = TextWriter.Synchronized(options.Progress);
        options = options with { Progress = progress };
        LimitStrategy? limits = null;
        if (sandbox is null)
            progress.WriteLine("grading unsealed: the submissions run with your rights and no memory, process or disk limit");
        else
        {
            limits = LimitStrategy.Choose(why => progress.WriteLine($"limits: passed over {why}"));
            progress.WriteLine($"limits: {limits.Holders.Describe()}, time: grader");
        }
        if (!course.Shard.IsAll)
            progress.WriteLine($"shard {course.Shard}: {handIns.Select(h => h.Student).Distinct(StringComparer.OrdinalIgnoreCase).Count()} students, {handIns.Count} files");
        Directory.CreateDirectory(scratchRoot);
        try
        {
            var reference = await ReferenceRuns.PrepareAsync(ReferenceRuns.EditionsOf(handIns, editions, options.Against), referenceRuns, options, scratchRoot,
                cancellationToken);
            var environment = options.Environment;
            var students = options with
            {
                Environment = folder => new Dictionary<string, string>(environment(folder)) { [Settings.ReferenceRunsVariable] = referenceRuns },
            };
            var grader = new SubmissionGrader(students, sandbox, limits, editions, scratchRoot);
            var (grades, runs) = await GradeEachAsync(handIns, grader, points, outDir, options, cancellationToken);
            var ran = runs.OfType<NotebookResult>().ToList();
            if (ran.Count > 0)
                ReportWriter.Write(ran, Path.Combine(outDir, GradeResults.Submissions));
            return new GradedClass(grades, course.Shard.IsAll ? Gradebook.Write(outDir, editions) : null) { Reference = reference };
        }
        finally
        {
            try
            {
                Directory.Delete(scratchRoot, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder.
            }
        }
    }

    /// <summary>
    /// Merges the results graded in other folders (the shards' --out) into <paramref name="outDir"/> and makes its gradebook;
    /// with none, makes it again from what it holds (after the teacher typed points into manual.csv). Merging the same
    /// folders again changes nothing, and manual.csv keeps every entry.
    /// </summary>
    /// <exception cref="ArgumentException">A folder holds no results, or there are none at all.</exception>
    /// <exception cref="InvalidDataException">The roster, manual.csv or a result cannot be read.</exception>
    public static WrittenGradebook Merge(IReadOnlyList<string> shards, string outDir, string? against, string? roster, TextWriter progress)
    {
        var editions = TeacherEditions(against, required: false);
        if (roster is not null)
            Roster.Load(roster);
        GradeResults.Load(outDir);
        ManualGrades.Load(Path.Combine(outDir, Gradebook.ManualName));
        ReportWriter.CheckWritable(outDir);
        foreach (var shard in shards)
            progress.WriteLine($"{shard}: {GradeResults.Merge(shard, outDir)} results merged in");
        if (GradeResults.Load(outDir).Count == 0)
            throw new ArgumentException($"{outDir} holds no graded results: grade a class into it (vae notebooks grade … --out {outDir}), or name the shards' folders to merge");
        if (roster is not null)
            GradeResults.Copy(roster, Path.Combine(outDir, Roster.FileName));
        return Gradebook.Write(outDir, editions);
    }

    /// <summary>The edition <paramref name="against"/> names, else the workbook's teacher notebooks.</summary>
    private static IReadOnlyList<TeacherEdition> TeacherEditions(string? against, bool required = true)
    {
        IReadOnlyList<TeacherEdition> editions;
        try
        {
            editions = against is not null ? [TeacherEdition.Load(against)] : TeacherEdition.LoadWorkbook();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
        {
            throw new ArgumentException($"the teacher notebook cannot be read: {e.Message}", e);
        }
        return editions.Count > 0 || !required ? editions
            : throw new ArgumentException($"no teacher notebooks in {WorkbookLayout.Current.Notebooks}: name the one to grade against");
    }

    /// <summary>The sandbox, once nothing a submission could read holds the gradebook or another submission.</summary>
    private static Sandbox Seal(IReadOnlyList<string> submissions, string outDir, KernelHost host, string referenceRuns)
    {
        var (sandbox, unavailable) = Sandbox.Locate(host, [referenceRuns]);
        if (sandbox is null)
            throw new SandboxUnavailableException($"cannot seal the submissions off: {unavailable}");
        if (sandbox.Exposes(outDir))
            throw new ArgumentException($"the gradebook's folder {outDir} lies in a folder every submission can read; choose a folder outside the workbook's build, data and caches");
        if (submissions.FirstOrDefault(sandbox.Exposes) is { } visible)
            throw new ArgumentException($"{visible} lies in a folder every submission can read; move the submissions out of the workbook's build, data and caches");
        return sandbox;
    }

    /// <summary>
    /// Every hand-in graded, <see cref="GradeOptions.Jobs"/> at a time, and its result kept as soon as it is: an interrupted
    /// grading loses only the submissions that were running.
    /// </summary>
    private static async Task<(SubmissionGrade[] Grades, NotebookResult?[] Runs)> GradeEachAsync(IReadOnlyList<HandIn> handIns,
        SubmissionGrader grader, IReadOnlyDictionary<string, NotebookPoints> points, string outDir, GradeOptions options, CancellationToken cancellationToken)
    {
        var grades = new SubmissionGrade[handIns.Count];
        var runs = new NotebookResult?[handIns.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, handIns.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var handIn = handIns[i];
                var label = $"[{i + 1}/{handIns.Count}] {handIn.Student}/{handIn.RelativePath}";
                options.Progress.WriteLine($"{label}: grading");
                var page = GradeResults.PageName(handIn.Student, handIn.RelativePath);
                var (grade, run) = await grader.GradeAsync(Path.GetFullPath(handIn.Path), i + 1, label, page, token);
                var edition = grade.Against is { } against ? points.GetValueOrDefault(against) : null;
                grades[i] = grade with
                {
                    File = handIn.Path,
                    Student = handIn.Student,
                    RelativePath = handIn.RelativePath,
                    HandedIn = File.GetLastWriteTimeUtc(handIn.Path),
                    GradedAt = DateTimeOffset.UtcNow,
                    Points = edition,
                    Answers = edition is null ? [] : Answers(handIn.Path, edition),
                    // Each row links its executed notebook when one ran, by a name that stays the student's across gradings.
                    Page = run is null ? null : $"{GradeResults.Submissions}/{Uri.EscapeDataString(page)}.html",
                    Notebook = run is null ? null : $"{GradeResults.Submissions}/{Uri.EscapeDataString(page)}.ipynb",
                };
                runs[i] = run;
                GradeResults.Save(outDir, grades[i]);
                options.Progress.WriteLine($"{Interlocked.Increment(ref done)} of {handIns.Count} graded");
            });
        return (grades, runs);
    }

    private static IReadOnlyList<WrittenAnswer> Answers(string file, NotebookPoints points)
    {
        try
        {
            return WrittenAnswers.Read(NotebookReader.Load(file), points.Questions);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return [];
        }
    }
}
