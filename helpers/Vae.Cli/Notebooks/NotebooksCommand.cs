using System.CommandLine;

namespace Vae.Cli.Notebooks;

/// <summary>
/// <c>vae notebooks run &lt;notebook.dib ...&gt; --out &lt;dir&gt; [--epochs N] [--subset N] [--device D]</c>:
/// runs notebooks headless and writes the HTML report. A factory so the command can join a larger command tree.
/// </summary>
public static class NotebooksCommand
{
    public static Command Create()
    {
        var notebooks = new Argument<FileInfo[]>("notebooks")
        {
            Description = "The .dib notebooks to run, in order",
            Arity = ArgumentArity.OneOrMore,
        };
        // A string, checked in RunAsync: a missing or empty --out is then one clear line, not a parse error plus help.
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for the report (required): one .html page per notebook, index.html, assets/",
        };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (VAE_EPOCHS for the notebooks)" };
        var subset = new Option<int?>("--subset") { Description = "Use only the first N training images (VAE_SUBSET)" };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (VAE_DEVICE)" };

        var run = new Command("run", "Run .dib notebooks headless and write an HTML report") { notebooks, output, epochs, subset, device };
        run.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(notebooks) ?? [],
            parseResult.GetValue(output) ?? "",
            new NotebookRunOptions
            {
                Epochs = parseResult.GetValue(epochs),
                Subset = parseResult.GetValue(subset),
                Device = parseResult.GetValue(device),
            },
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));

        return new Command("notebooks", "Run the workbook's notebooks") { run };
    }

    /// <summary>The command's work, callable without parsing. Returns the exit code: 0 when every notebook passed.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<FileInfo> notebooks, string outDir, NotebookRunOptions options,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            error.WriteLine("vae notebooks run: --out <folder> is required: where the HTML report goes");
            return 2;
        }
        if (notebooks.FirstOrDefault(n => !n.Exists) is { } missing)
        {
            error.WriteLine($"vae notebooks run: notebook not found: {missing}");
            return 2;
        }

        // Every file is read before any kernel starts: a typo in the last name is an error now, not after an hour of training.
        foreach (var notebook in notebooks)
        {
            try
            {
                DibReader.Load(notebook.FullName);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"vae notebooks run: {e.Message}");
                return 2;
            }
        }

        if (notebooks.GroupBy(n => Path.GetFileNameWithoutExtension(n.Name)).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            error.WriteLine($"vae notebooks run: two notebooks would both write {clash.Key}.html; run them with separate --out folders");
            return 2;
        }

        options = options with
        {
            RunsDirectory = options.RunsDirectory ?? Path.Combine(outDir, "runs"),
            Progress = options.Progress ?? output,
        };
        var results = new List<NotebookResult>();
        try
        {
            foreach (var notebook in notebooks)
            {
                results.Add(await NotebookRunner.RunAsync(notebook.FullName, options, cancellationToken));
            }
            var report = ReportWriter.Write(results, outDir);
            output.WriteLine($"report: {Path.GetFullPath(report.IndexPath)}");
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Setup and I/O problems are one clear line, not a stack trace.
            error.WriteLine($"vae notebooks run: {e.Message}");
            return 2;
        }

        var failures = results.Where(r => !r.Succeeded).ToList();
        foreach (var failure in failures)
        {
            error.WriteLine($"vae notebooks run: {failure.FailureSummary}");
        }
        return failures.Count == 0 ? 0 : 1;
    }
}
