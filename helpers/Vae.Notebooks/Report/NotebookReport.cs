using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Running;

namespace Vae.Notebooks.Report;

/// <summary>Runs notebooks one after the other, each in its own kernel, and writes their report.</summary>
public static class NotebookReport
{
    /// <summary>
    /// Runs <paramref name="notebooks"/> and writes the report into <paramref name="outDir"/>. A notebook that cannot be read
    /// is not run and gets a page saying why; the others run. Returns every notebook's result, in order, and the report.
    /// </summary>
    /// <exception cref="ArgumentException">The notebooks or the folder named cannot make a report (the message says why),
    /// found before anything runs.</exception>
    /// <exception cref="IOException">The report folder cannot be written.</exception>
    /// <exception cref="Kernel.KernelUnavailableException">The kernel did not start.</exception>
    public static async Task<(WrittenReport Report, IReadOnlyList<NotebookResult> Results)> RunAsync(IReadOnlyList<string> notebooks, string outDir,
        NotebookRunOptions options, CancellationToken cancellationToken = default)
    {
        CheckArguments(notebooks, outDir);
        ReportWriter.CheckWritable(outDir);
        var progress = options.Progress ?? Console.Error;
        // Read every notebook now, so that a broken one is said at once rather than after the others ran; the runner
        // runs what was read here.
        var read = new List<(string Path, InteractiveDocument? Document, string? Problem)>();
        foreach (var notebook in notebooks.Select(Path.GetFullPath))
        {
            var (document, problem) = Read(notebook);
            if (problem is not null)
                progress.WriteLine($"{Path.GetFileName(notebook)}: cannot be read, so it is not run (the other notebooks are; the report says why)");
            read.Add((notebook, document, problem));
        }
        var results = new List<NotebookResult>();
        foreach (var (path, document, problem) in read)
            results.Add(document is null
                ? NotebookResult.Unreadable(path, problem!, options.Environment)
                : await NotebookRunner.RunAsync(path, document, options with { Progress = progress }, cancellationToken));
        return (ReportWriter.Write(results, outDir), results);
    }

    /// <summary>
    /// What the caller names is checked before anything runs: a typo in the last name is an error now, not after an hour of
    /// training. What a file holds is the file's own problem (<see cref="Read"/>): it gets its page in the report.
    /// </summary>
    private static void CheckArguments(IReadOnlyList<string> notebooks, string outDir)
    {
        if (notebooks.FirstOrDefault(n => !File.Exists(n)) is { } missing)
            throw new ArgumentException($"notebook not found: {missing}");
        if (notebooks.FirstOrDefault(n => !NotebookReader.IsNotebookPath(n)) is { } other)
            throw new ArgumentException($"{other} is not a notebook: the runner reads .dib and .ipynb files");
        if (notebooks.GroupBy(Path.GetFileNameWithoutExtension).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new ArgumentException($"two notebooks would both write {clash.Key}.html; run them into separate report folders");
        var outFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (notebooks.FirstOrDefault(n => string.Equals(Path.GetDirectoryName(Path.GetFullPath(n)), outFull, StringComparison.Ordinal)) is { } inside)
            throw new ArgumentException($"the report folder {outDir} is the folder of {Path.GetFileName(inside)}: the run notebooks written there would " +
                                        "replace the notebooks' own .ipynb files; choose another folder (e.g. out)");
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
