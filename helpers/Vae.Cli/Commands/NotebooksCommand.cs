using System.CommandLine;
using Vae.Notebooks.Report;
using Vae.Notebooks.Running;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae notebooks run &lt;notebook ...&gt; --out &lt;dir&gt; [--epochs N] [--subset N] [--device D]</c>: runs notebooks
/// headless and writes the HTML report; <c>generate</c>, <c>grade</c> and <c>kernel install</c> beside it.
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
        run.SetAction((parsed, cancellationToken) =>
        {
            var outDir = parsed.GetValue(output) ?? "";
            var settings = NotebookSettings.ForRun(parsed.GetValue(epochs), parsed.GetValue(subset),
                parsed.GetResult(device) is { Implicit: false } ? parsed.GetValue(device) : null, Path.Combine(outDir, "runs"));
            return RunAsync([.. (parsed.GetValue(notebooks) ?? []).Select(n => n.FullName)], outDir,
                new NotebookRunOptions { Environment = settings, Progress = parsed.InvocationConfiguration.Output },
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellationToken);
        });

        return new Command("notebooks", "Run the workbook's notebooks, grade a class's; their generated editions and Jupyter kernel.")
        {
            run, GenerateCommand.Create(), GradeCommand.Create(), GradebookCommand.Create(), KernelCommand.Create(),
        };
    }

    /// <summary>
    /// The command's work, callable without parsing. Returns the exit code: 0 when every notebook passed, 1 when one did
    /// not or the run failed, 2 for a usage problem; each problem one line on <paramref name="error"/>, as <see cref="Cli.GuardAsync"/> writes it.
    /// </summary>
    public static Task<int> RunAsync(IReadOnlyList<string> notebooks, string outDir, NotebookRunOptions options,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default) => Cli.GuardAsync(Name, error, async () =>
    {
        if (string.IsNullOrWhiteSpace(outDir))
            throw new ArgumentException("--out <folder> is required: where the HTML report goes");
        var (report, results) = await NotebookReport.RunAsync(notebooks, outDir, options with { Progress = options.Progress ?? output }, cancellationToken);
        output.WriteLine($"report: {Path.GetFullPath(report.IndexPath)}");
        var failures = results.Where(r => !r.Succeeded).ToList();
        foreach (var failure in failures)
            error.WriteLine($"{Name}: {failure.FailureSummary}");
        return failures.Count == 0 ? 0 : Cli.Failure;
    });
}
