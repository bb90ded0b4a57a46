using System.CommandLine;
using System.Globalization;
using Vae.Cli.Commands;
using Vae.Torch;

namespace Vae.Cli.Notebooks.Grading;

/// <summary>
/// <c>vae notebooks grade SUBMISSION… --out DIR</c>: runs each submission, sealed off, with the teacher's checks in place of
/// its own, and writes DIR/gradebook.csv, DIR/gradebook.html and, per submission, its executed notebook under DIR/submissions/.
/// </summary>
public static class GradeCommand
{
    private const string Name = "vae notebooks grade";

    public static Command Create()
    {
        var submissions = new Argument<FileInfo[]>("submissions")
        {
            Description = "The student notebooks handed back (.dib or .ipynb), any names, any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "Folder for gradebook.csv, gradebook.html and submissions/ (required)." };
        var against = new Option<string?>("--against")
        {
            Description = "The teacher notebook to grade every submission against (default: each is matched by its exercises).",
        };
        var timeout = new Option<int>("--timeout") { Description = "Wall-clock limit of one submission, in seconds.", DefaultValueFactory = _ => 600 }.AtLeast(1);
        var memory = new Option<string>("--memory") { Description = "Memory limit of one submission, e.g. 4G or 800M.", DefaultValueFactory = _ => "4G" }
            .Refusing(text => TryParseBytes(text ?? "", out _) ? null : $"--memory {text} is not a size: give e.g. 4G, 800M or 300000000");
        var jobs = new Option<int>("--jobs", "-j") { Description = "Submissions graded at once.", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (VAE_EPOCHS); the quick setting by default.", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var subset = new Option<int>("--subset") { Description = "Training images (VAE_SUBSET); the quick setting by default.", DefaultValueFactory = _ => 2000 }.AtLeast(1);
        var device = new Option<string>("--device") { Description = "VAE_DEVICE for the notebooks.", DefaultValueFactory = _ => "cpu" };
        var noSandbox = new Option<bool>("--no-sandbox")
        {
            Description = "Run the submissions unsealed, with the grader's rights (only for notebooks you trust; the time limit still holds).",
        };
        var grade = new Command("grade", "Grade a class's notebooks, each run sealed off with the teacher's checks, into a gradebook.")
        {
            submissions, output, against, timeout, memory, jobs, epochs, subset, device, noSandbox,
        };
        grade.SetAction((parseResult, cancellationToken) =>
        {
            TryParseBytes(parseResult.GetValue(memory)!, out var bytes);   // it parses: the option refuses what does not
            return RunAsync(parseResult.GetValue(submissions) ?? [], parseResult.GetValue(output) ?? "", new GradeOptions
            {
                Against = parseResult.GetValue(against),
                Timeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                MemoryBytes = bytes,
                Jobs = parseResult.GetValue(jobs),
                Epochs = parseResult.GetValue(epochs),
                Subset = parseResult.GetValue(subset),
                Device = parseResult.GetValue(device) ?? "cpu",
                NoSandbox = parseResult.GetValue(noSandbox),
                Progress = parseResult.InvocationConfiguration.Output,
            }, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return grade;
    }

    /// <summary>The command's work, callable without parsing. Returns 0 when the gradebook was written, whatever the grades.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<FileInfo> submissions, string outDir, GradeOptions options,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(outDir))
            return Refuse(error, "--out <folder> is required: where the gradebook goes", Cli.UsageError);
        if (submissions.FirstOrDefault(s => !s.Exists) is { } missing)
            return Refuse(error, $"submission not found: {missing}", Cli.UsageError);
        if (options.Timeout <= TimeSpan.Zero || options.Jobs < 1 || options.Epochs < 1 || options.Subset < 1 || options.MemoryBytes < (64L << 20))
            return Refuse(error, "--timeout, --jobs, --epochs and --subset must be positive, and --memory at least 64M", Cli.UsageError);

        IReadOnlyList<TeacherEdition> editions;
        try
        {
            editions = options.Against is { } against ? [TeacherEdition.Load(against)] : TeacherEdition.LoadWorkbook();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
        {
            return Refuse(error, $"the teacher notebook cannot be read: {e.Message}", Cli.UsageError);
        }
        if (editions.Count == 0)
            return Refuse(error, $"no teacher notebooks in {Path.Combine(Repository.Root, "notebooks")}: pass --against notebooks/NN-name.dib", Cli.UsageError);

        Sandbox? sandbox = null;
        if (!options.NoSandbox)
        {
            var (found, unavailable) = Sandbox.Locate();
            if (found is null)
                return Refuse(error, $"cannot seal the submissions off: {unavailable}. Pass --no-sandbox to grade them unsealed, with your rights " +
                                     "(only notebooks you trust)", Cli.Failure);
            sandbox = found;
            if (sandbox.Exposes(outDir))
                return Refuse(error, $"--out {outDir} lies in a folder every submission can read; choose a folder outside the workbook's build, data and caches", Cli.UsageError);
            if (submissions.FirstOrDefault(s => sandbox.Exposes(s.FullName)) is { } visible)
                return Refuse(error, $"{visible} lies in a folder every submission can read; move the submissions out of the workbook's build, data and caches", Cli.UsageError);
        }
        try
        {
            ReportWriter.CheckWritable(outDir);
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            return Refuse(error, e.Message, e is ArgumentException ? Cli.UsageError : Cli.Failure);
        }
        var helper = Path.Combine(Repository.Root, "artifacts", "bin", "Vae", "release");
        if (Directory.Exists(helper))
            // The kernel's helper cannot write its libtorch loader copy beside itself in the sandbox: made here, once.
            TorchLoader.PrepareCopyFor(helper);

        var progress = TextWriter.Synchronized(options.Progress);
        options = options with { Progress = progress };
        if (sandbox is null)
            progress.WriteLine($"{Name}: grading unsealed (--no-sandbox): the submissions run with your rights and no memory limit");
        var scratchRoot = Path.Combine(Path.GetTempPath(), $"vae-grade-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(scratchRoot);
        var grader = new SubmissionGrader(options, sandbox, editions, scratchRoot);
        var grades = new SubmissionGrade[submissions.Count];
        var runs = new NotebookResult?[submissions.Count];
        var done = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, submissions.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var label = $"[{i + 1}/{submissions.Count}] {submissions[i].Name}";
                    progress.WriteLine($"{label}: grading");
                    (grades[i], runs[i]) = await grader.GradeAsync(submissions[i].FullName, i + 1, label, token);
                    progress.WriteLine($"{Name}: {Interlocked.Increment(ref done)} of {submissions.Count} graded");
                });
            // The rows name the files as the command line did; each links its executed notebook when one ran.
            for (var i = 0; i < grades.Length; i++)
                grades[i] = grades[i] with
                {
                    File = submissions[i].ToString(),
                    Page = runs[i] is { } run ? $"submissions/{Uri.EscapeDataString(run.ReportName)}.html" : null,
                    Notebook = runs[i] is { } executed ? $"submissions/{Uri.EscapeDataString(executed.ReportName)}.ipynb" : null,
                };
            var ran = runs.OfType<NotebookResult>().ToList();
            if (ran.Count > 0)
                ReportWriter.Write(ran, Path.Combine(outDir, "submissions"));
            Gradebook.Write(grades, outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Refuse(error, e.Message, Cli.Failure);
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
        output.WriteLine($"gradebook: {Path.GetFullPath(Path.Combine(outDir, Gradebook.HtmlName))} ({grades.Length} submissions, " +
                         $"{grades.Sum(g => g.Passed)} of {grades.Sum(g => g.Checks.Count)} checks passed)");
        return 0;
    }

    private static int Refuse(TextWriter error, string message, int code)
    {
        error.WriteLine($"{Name}: {message}");
        return code;
    }

    /// <summary>"4G", "800M", "300000000": bytes.</summary>
    internal static bool TryParseBytes(string text, out long bytes)
    {
        text = text.Trim().ToUpperInvariant().TrimEnd('B', 'I');
        var scale = text.Length > 0 ? text[^1] switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1L } : 1L;
        if (scale > 1)
            text = text[..^1];
        bytes = 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            return false;
        bytes = (long)(value * scale);
        return true;
    }
}
