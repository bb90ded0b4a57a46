using System.CommandLine;
using System.Globalization;
using Vae.Notebooks;
using Vae.Notebooks.Grading;
using Vae.Torch;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae notebooks grade SUBMISSION… --out DIR [--roster students.csv] [--shard K/N]</c>: runs each submission, sealed off,
/// with the teacher's checks in place of its own, keeps its result under DIR/results/ and its executed notebook under
/// DIR/submissions/, and makes the course's gradebook in DIR (gradebook.html, gradebook.csv, grades.csv, manual.csv, feedback/).
/// </summary>
public static class GradeCommand
{
    private const string Name = "vae notebooks grade";

    public static Command Create()
    {
        var submissions = new Argument<FileInfo[]>("submissions")
        {
            Description = "The notebooks handed back (.dib or .ipynb), or the folder holding them: handed-in/<student>/…, or a flat folder of <student>-….dib files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The course's gradebook folder (required): gradebook.html, grades.csv, manual.csv, feedback/; grading into it again keeps what it holds.",
        };
        var roster = new Option<string?>("--roster") { Description = "The class list as CSV (e.g. username,name): one row per student, those who handed in nothing too." };
        var shard = new Option<string>("--shard")
        {
            Description = "Grade only the K-th of N slices of the students (K/N, e.g. 3/8); merge the shards' folders with `vae notebooks gradebook`.",
            DefaultValueFactory = _ => "1/1",
        }.Refusing(text => Shard.TryParse(text ?? "", out _) ? null : $"--shard {text} is not K/N with 1 ≤ K ≤ N: give e.g. 1/4");
        var against = new Option<string?>("--against")
        {
            Description = "The teacher notebook to grade every submission against (default: each is matched by its exercises).",
        };
        var timeout = new Option<int>("--timeout") { Description = "Wall-clock limit of one submission, in seconds.", DefaultValueFactory = _ => 600 }.AtLeast(1);
        var memory = new Option<string>("--memory") { Description = "Memory limit of one submission, e.g. 4G or 800M.", DefaultValueFactory = _ => "4G" }
            .Refusing(text => TryParseBytes(text ?? "", out var bytes) && bytes >= 64L << 20 ? null
                : $"--memory {text} is not a size of at least 64M: give e.g. 4G, 800M or 300000000");
        var disk = new Option<string>("--disk") { Description = "What one submission may write (its folder, home and /tmp), e.g. 1G or 200M.", DefaultValueFactory = _ => "1G" }
            .Refusing(text => TryParseBytes(text ?? "", out var bytes) && bytes >= 16L << 20 ? null
                : $"--disk {text} is not a size of at least 16M: give e.g. 1G, 200M or 100000000");
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
            submissions, output, roster, shard, against, timeout, memory, disk, jobs, epochs, subset, device, noSandbox,
        };
        grade.SetAction((parsed, cancellationToken) =>
        {
            // They parse: the options refuse what does not.
            TryParseBytes(parsed.GetValue(memory)!, out var bytes);
            TryParseBytes(parsed.GetValue(disk)!, out var diskBytes);
            var settings = NotebookSettings.Of(parsed.GetValue(epochs), parsed.GetValue(subset), parsed.GetValue(device));
            var options = new GradeOptions
            {
                Against = parsed.GetValue(against),
                Timeout = TimeSpan.FromSeconds(parsed.GetValue(timeout)),
                MemoryBytes = bytes,
                DiskBytes = diskBytes,
                Jobs = parsed.GetValue(jobs),
                NoSandbox = parsed.GetValue(noSandbox),
                Environment = folder => new Dictionary<string, string>(settings) { [Settings.RunsVariable] = Path.Combine(folder, "runs") },
                Host = CliEnvironment.KernelHost,
                Progress = parsed.InvocationConfiguration.Output,
            };
            Shard.TryParse(parsed.GetValue(shard)!, out var slice);   // it parses: the option refuses what does not
            var course = new CourseOptions { Roster = parsed.GetValue(roster), Shard = slice };
            return RunAsync([.. (parsed.GetValue(submissions) ?? []).Select(f => f.ToString())], parsed.GetValue(output) ?? "", options, course,
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellationToken);
        });
        return grade;
    }

    /// <summary>The command's work, callable without parsing. Returns 0 when the gradebook was written, whatever the grades.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> submissions, string outDir, GradeOptions options, CourseOptions course,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default) => Cli.GuardAsync(Name, error, async () =>
    {
        if (string.IsNullOrWhiteSpace(outDir))
            throw new ArgumentException("--out <folder> is required: where the gradebook goes");
        if (options.NoSandbox)
            output.WriteLine($"{Name}: --no-sandbox: the submissions run with your rights");
        else if (Directory.Exists(WorkbookLayout.Current.HelperBuild))
            // The kernel's helper cannot write its libtorch loader copy beside itself in the sandbox: made here, once.
            TorchLoader.PrepareCopyFor(WorkbookLayout.Current.HelperBuild);
        var graded = await ClassGrader.GradeAsync(submissions, outDir, options, course, cancellationToken);
        foreach (var teacher in graded.Reference.Where(r => r.Passed < r.Checks.Count))
            output.WriteLine($"to look at: the teacher's answers to {teacher.Against} pass {teacher.Passed} of {teacher.Checks.Count} checks in these settings " +
                             $"({teacher.Checks.FirstOrDefault(c => c.Status != CheckStatus.Passed)?.Message ?? SubmissionEnds.Describe(teacher.End)})");
        var checks = $"{graded.Grades.Count} submissions graded, {graded.Grades.Sum(g => g.Passed)} of {graded.Grades.Sum(g => g.Checks.Count)} checks passed";
        if (graded.Gradebook is { } book)
            GradebookCommand.Describe(book, output, checks);
        else
            output.WriteLine($"shard {course.Shard}: {checks}, kept in {Path.GetFullPath(outDir)}; merge the shards: vae notebooks gradebook --out <gradebook> <the shards' folders>");
        return 0;
    });

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
