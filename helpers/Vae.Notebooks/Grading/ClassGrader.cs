using Vae.Notebooks.Report;
using Vae.Notebooks.Running;

namespace Vae.Notebooks.Grading;

/// <summary>The sandbox cannot be made on this machine: grading sealed off cannot start. The message says why.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);

/// <summary>What grading a class wrote: the gradebook's HTML page, and a row per submission.</summary>
public sealed record GradedClass(string GradebookPath, IReadOnlyList<SubmissionGrade> Grades);

/// <summary>
/// Grades a class: finds the teacher notebooks and the sandbox, runs the submissions (<see cref="GradeOptions.Jobs"/> at a
/// time, each by a <see cref="SubmissionGrader"/> in a scratch folder of its own), and writes the gradebook and each
/// executed notebook's page under the output folder.
/// </summary>
public static class ClassGrader
{
    /// <exception cref="ArgumentException">A submission or the teacher notebook is missing or unreadable, or the output folder
    /// cannot serve (the message says why).</exception>
    /// <exception cref="SandboxUnavailableException">Sealing is asked for and this machine cannot seal.</exception>
    /// <exception cref="IOException">The gradebook cannot be written.</exception>
    public static async Task<GradedClass> GradeAsync(IReadOnlyList<string> submissions, string outDir, GradeOptions options,
        CancellationToken cancellationToken = default)
    {
        if (submissions.FirstOrDefault(s => !File.Exists(s)) is { } missing)
            throw new ArgumentException($"submission not found: {missing}");
        var editions = TeacherEditions(options.Against);
        var sandbox = options.NoSandbox ? null : Seal(submissions, outDir, options.Host);
        ReportWriter.CheckWritable(outDir);

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
        var scratchRoot = Path.Combine(Path.GetTempPath(), $"vae-grade-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(scratchRoot);
        try
        {
            var (grades, runs) = await GradeEachAsync(submissions, new SubmissionGrader(options, sandbox, limits, editions, scratchRoot), options, cancellationToken);
            var ran = runs.OfType<NotebookResult>().ToList();
            if (ran.Count > 0)
                ReportWriter.Write(ran, Path.Combine(outDir, "submissions"));
            Gradebook.Write(grades, outDir);
            return new GradedClass(Path.GetFullPath(Path.Combine(outDir, Gradebook.HtmlName)), grades);
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

    /// <summary>The edition <paramref name="against"/> names, else the workbook's teacher notebooks.</summary>
    private static IReadOnlyList<TeacherEdition> TeacherEditions(string? against)
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
        return editions.Count > 0 ? editions
            : throw new ArgumentException($"no teacher notebooks in {WorkbookLayout.Current.Notebooks}: name the one to grade against");
    }

    /// <summary>The sandbox, once nothing a submission could read holds the gradebook or another submission.</summary>
    private static Sandbox Seal(IReadOnlyList<string> submissions, string outDir, KernelHost host)
    {
        var (sandbox, unavailable) = Sandbox.Locate(host);
        if (sandbox is null)
            throw new SandboxUnavailableException($"cannot seal the submissions off: {unavailable}");
        if (sandbox.Exposes(outDir))
            throw new ArgumentException($"the gradebook's folder {outDir} lies in a folder every submission can read; choose a folder outside the workbook's build, data and caches");
        if (submissions.FirstOrDefault(sandbox.Exposes) is { } visible)
            throw new ArgumentException($"{visible} lies in a folder every submission can read; move the submissions out of the workbook's build, data and caches");
        return sandbox;
    }

    /// <summary>Every submission graded, <see cref="GradeOptions.Jobs"/> at a time; the rows name the files as given.</summary>
    private static async Task<(SubmissionGrade[] Grades, NotebookResult?[] Runs)> GradeEachAsync(IReadOnlyList<string> submissions,
        SubmissionGrader grader, GradeOptions options, CancellationToken cancellationToken)
    {
        var grades = new SubmissionGrade[submissions.Count];
        var runs = new NotebookResult?[submissions.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, submissions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var label = $"[{i + 1}/{submissions.Count}] {Path.GetFileName(submissions[i])}";
                options.Progress.WriteLine($"{label}: grading");
                var (grade, run) = await grader.GradeAsync(Path.GetFullPath(submissions[i]), i + 1, label, token);
                // Each row links its executed notebook when one ran.
                grades[i] = grade with
                {
                    File = submissions[i],
                    Page = run is null ? null : $"submissions/{Uri.EscapeDataString(run.ReportName)}.html",
                    Notebook = run is null ? null : $"submissions/{Uri.EscapeDataString(run.ReportName)}.ipynb",
                };
                runs[i] = run;
                options.Progress.WriteLine($"{Interlocked.Increment(ref done)} of {submissions.Count} graded");
            });
        return (grades, runs);
    }
}
