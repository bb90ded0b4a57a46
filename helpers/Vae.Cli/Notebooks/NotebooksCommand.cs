using System.CommandLine;

namespace Vae.Cli.Notebooks;

/// <summary>
/// <c>vae notebooks run &lt;notebook ...&gt; --out &lt;dir&gt; [--epochs N] [--subset N] [--device D]</c>: runs notebooks
/// headless and writes the HTML report; <c>vae notebooks export</c> and <c>vae notebooks kernel install</c> serve
/// Jupyter. A factory so the command can join a larger command tree.
/// </summary>
public static class NotebooksCommand
{
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
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (VAE_EPOCHS for the notebooks)." };
        var subset = new Option<int?>("--subset") { Description = "Use only the first N training images (VAE_SUBSET)." };
        var device = Commands.Options.Device();   // given: VAE_DEVICE for the notebooks; not given: theirs as it is

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

    /// <summary>The command's work, callable without parsing. Returns the exit code: 0 when every notebook passed.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<FileInfo> notebooks, string outDir, NotebookRunOptions options,
        TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        const string command = "vae notebooks run";
        if (string.IsNullOrWhiteSpace(outDir))
        {
            error.WriteLine($"{command}: --out <folder> is required: where the HTML report goes");
            return Cli.UsageError;
        }
        // What the command line names is checked before anything runs: a typo in the last name is an error now, not
        // after an hour of training. What a file holds is the file's own problem (below): it gets its page in the report.
        if (notebooks.FirstOrDefault(n => !n.Exists) is { } missing)
        {
            error.WriteLine($"{command}: notebook not found: {missing}");
            return Cli.UsageError;
        }
        if (notebooks.FirstOrDefault(n => !NotebookReader.IsNotebookPath(n.Name)) is { } other)
        {
            error.WriteLine($"{command}: {other} is not a notebook: the runner reads .dib and .ipynb files");
            return Cli.UsageError;
        }
        if (notebooks.GroupBy(n => Path.GetFileNameWithoutExtension(n.Name)).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            error.WriteLine($"{command}: two notebooks would both write {clash.Key}.html; run them with separate --out folders");
            return Cli.UsageError;
        }
        var outFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (notebooks.FirstOrDefault(n => string.Equals(n.DirectoryName, outFull, StringComparison.Ordinal)) is { } inside)
        {
            error.WriteLine($"{command}: --out {outDir} is the folder of {inside.Name}: the run notebooks written there would replace " +
                            "the notebooks' own .ipynb files; choose another folder (e.g. out)");
            return Cli.UsageError;
        }
        try
        {
            ReportWriter.CheckWritable(outDir);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"{command}: {e.Message}");
            return Cli.UsageError;
        }
        catch (IOException e)
        {
            error.WriteLine($"{command}: {e.Message}");
            return Cli.Failure;
        }

        options = options with
        {
            RunsDirectory = options.RunsDirectory ?? Path.Combine(outDir, "runs"),
            Progress = options.Progress ?? output,
        };
        var progress = options.Progress;
        var settings = NotebookSettings.For(options);
        // Read every notebook now, so that a broken one is said at once rather than after the others ran.
        var unreadable = new Dictionary<FileInfo, string>();
        foreach (var notebook in notebooks)
        {
            if (ReadProblem(notebook.FullName) is { } problem)
            {
                unreadable[notebook] = problem;
                progress.WriteLine($"{notebook.Name}: cannot be read, so it is not run (the other notebooks are; the report says why)");
            }
        }

        var results = new List<NotebookResult>();
        try
        {
            foreach (var notebook in notebooks)
            {
                if (unreadable.TryGetValue(notebook, out var problem))
                {
                    results.Add(NotebookResult.Unreadable(notebook.FullName, problem, settings));
                    continue;
                }
                try
                {
                    results.Add(await NotebookRunner.RunAsync(notebook.FullName, options, cancellationToken));
                }
                catch (Exception e) when (IsReadError(e))
                {
                    // Changed or removed since it was read above.
                    results.Add(NotebookResult.Unreadable(notebook.FullName, e.Message, settings));
                }
            }
            var report = ReportWriter.Write(results, outDir);
            output.WriteLine($"report: {Path.GetFullPath(report.IndexPath)}");
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The kernel did not start, the front-end assets are missing, or the report could not be written: one line.
            error.WriteLine($"{command}: {e.Message}");
            return Cli.Failure;
        }

        var failures = results.Where(r => !r.Succeeded).ToList();
        foreach (var failure in failures)
        {
            error.WriteLine($"{command}: {failure.FailureSummary}");
        }
        return failures.Count == 0 ? 0 : Cli.Failure;
    }

    private static string? ReadProblem(string path)
    {
        try
        {
            NotebookReader.Load(path);
            return null;
        }
        catch (Exception e) when (IsReadError(e))
        {
            return e.Message;
        }
    }

    // The notebook file's own problems; a kernel that does not start (also an IOException) is the run's.
    private static bool IsReadError(Exception e) =>
        e is InvalidDataException or UnauthorizedAccessException or FileNotFoundException
        || (e is IOException && e is not KernelUnavailableException);
}
