using System.CommandLine;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Cli.Commands;

namespace Vae.Cli.Notebooks;

/// <summary>
/// <c>vae notebooks run &lt;notebook ...&gt; --out &lt;dir&gt; [--epochs N] [--subset N] [--device D]</c>: runs notebooks
/// headless and writes the HTML report; <c>vae notebooks export</c> and <c>vae notebooks kernel install</c> serve
/// Jupyter. A factory so the command can join a larger command tree.
/// </summary>
public static class NotebooksCommand
{
    private const string Name = "vae notebooks run";

    public static Command Create()
    {
        var notebooks = new Argument<FileInfo[]>("notebooks")
        {
            Description = "The notebooks to run, in order: .dib (the workbook's) or .ipynb.",
            Arity = ArgumentArity.OneOrMore,
        };
        // A string, checked in RunAsync: a missing or empty --out is then one clear line, not a parse error plus help.
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for the report (required): per notebook an .html page and the run .ipynb, index.html, assets/.",
        };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (VAE_EPOCHS for the notebooks)." }.AtLeast(1);
        var subset = new Option<int?>("--subset") { Description = "Use only the first N training images (VAE_SUBSET)." }.AtLeast(1);
        var device = Options.Device();   // given: VAE_DEVICE for the notebooks; not given: theirs as it is

        var run = new Command("run", "Run notebooks headless and write an HTML report, with each run notebook as .ipynb.")
        {
            notebooks, output, epochs, subset, device,
        };
        run.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(notebooks) ?? [],
            parseResult.GetValue(output) ?? "",
            new NotebookRunOptions
            {
                Epochs = parseResult.GetValue(epochs),
                Subset = parseResult.GetValue(subset),
                Device = parseResult.GetResult(device) is { Implicit: false } ? parseResult.GetValue(device) : null,
            },
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));

        return new Command("notebooks", "Run the workbook's notebooks, grade a class's; their Jupyter twins and kernel.")
        {
            run, Grading.GradeCommand.Create(), ExportCommand.Create(), KernelCommand.Create(),
        };
    }

    /// <summary>
    /// The command's work, callable without parsing. Returns the exit code: 0 when every notebook passed, 1 when one did
    /// not or the run failed, 2 for a usage problem; each problem one line on <paramref name="error"/>, as <see cref="Cli.GuardAsync"/> writes it.
    /// </summary>
    public static Task<int> RunAsync(IReadOnlyList<FileInfo> notebooks, string outDir, NotebookRunOptions options,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default) => Cli.GuardAsync(Name, error, async () =>
    {
        CheckArguments(notebooks, outDir);
        ReportWriter.CheckWritable(outDir);

        options = options with
        {
            RunsDirectory = options.RunsDirectory ?? Path.Combine(outDir, "runs"),
            Progress = options.Progress ?? output,
        };
        var progress = options.Progress;
        var settings = NotebookSettings.For(options);
        // Read every notebook now, so that a broken one is said at once rather than after the others ran; the runner
        // runs what was read here.
        var read = new List<(string Path, InteractiveDocument? Document, string? Problem)>();
        foreach (var notebook in notebooks)
        {
            var (document, problem) = Read(notebook.FullName);
            if (problem is not null)
                progress.WriteLine($"{notebook.Name}: cannot be read, so it is not run (the other notebooks are; the report says why)");
            read.Add((notebook.FullName, document, problem));
        }

        // A kernel that does not start, front-end assets that are missing or a report that cannot be written end the
        // run: one line, from the guard.
        var results = new List<NotebookResult>();
        foreach (var (path, document, problem) in read)
            results.Add(document is null
                ? NotebookResult.Unreadable(path, problem!, settings)
                : await NotebookRunner.RunAsync(path, document, settings, progress, cancellationToken));
        var report = ReportWriter.Write(results, outDir);
        output.WriteLine($"report: {Path.GetFullPath(report.IndexPath)}");

        var failures = results.Where(r => !r.Succeeded).ToList();
        foreach (var failure in failures)
            error.WriteLine($"{Name}: {failure.FailureSummary}");
        return failures.Count == 0 ? 0 : Cli.Failure;
    });

    /// <summary>
    /// What the command line names is checked before anything runs: a typo in the last name is an error now, not after an
    /// hour of training. What a file holds is the file's own problem (<see cref="Read"/>): it gets its page in the report.
    /// </summary>
    /// <exception cref="ArgumentException">The problem, in the words the user sees.</exception>
    private static void CheckArguments(IReadOnlyList<FileInfo> notebooks, string outDir)
    {
        if (string.IsNullOrWhiteSpace(outDir))
            throw new ArgumentException("--out <folder> is required: where the HTML report goes");
        if (notebooks.FirstOrDefault(n => !n.Exists) is { } missing)
            throw new ArgumentException($"notebook not found: {missing}");
        if (notebooks.FirstOrDefault(n => !NotebookReader.IsNotebookPath(n.Name)) is { } other)
            throw new ArgumentException($"{other} is not a notebook: the runner reads .dib and .ipynb files");
        if (notebooks.GroupBy(n => Path.GetFileNameWithoutExtension(n.Name)).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new ArgumentException($"two notebooks would both write {clash.Key}.html; run them with separate --out folders");
        var outFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (notebooks.FirstOrDefault(n => string.Equals(n.DirectoryName, outFull, StringComparison.Ordinal)) is { } inside)
            throw new ArgumentException($"--out {outDir} is the folder of {inside.Name}: the run notebooks written there would replace " +
                                        "the notebooks' own .ipynb files; choose another folder (e.g. out)");
    }

    /// <summary>The notebook at <paramref name="path"/>, or why it cannot be read.</summary>
    private static (InteractiveDocument? Document, string? Problem) Read(string path)
    {
        try
        {
            return (NotebookReader.Load(path), null);
        }
        catch (Exception e) when (e is InvalidDataException or UnauthorizedAccessException or IOException)
        {
            return (null, e.Message);
        }
    }
}
