using Vae.Notebooks.Running;
using Vae.Core;
using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Report;

/// <summary>A written report: its index page, where a reader starts.</summary>
public sealed record WrittenReport(string IndexPath);

/// <summary>
/// Writes the HTML report of notebook runs into a folder: <c>{notebook}.html</c> and the run notebook
/// <c>{notebook}.ipynb</c> (its cells and outputs, for Jupyter) per notebook, <c>index.html</c>, and <c>assets/</c> with
/// plotly.js and KaTeX, which every page links by relative path: the report opens offline from file://, and plotly.js is
/// in it once. The .ipynb files keep each figure's own copy of plotly.js, since a notebook must draw alone.
/// </summary>
public static class ReportWriter
{
    /// <summary>
    /// Fails now, not after the notebooks ran, when <paramref name="outDir"/> cannot hold a report: a file is in the
    /// way, the folder is read-only, or the disk refuses even a small file.
    /// </summary>
    /// <exception cref="ArgumentException">The path names a file.</exception>
    /// <exception cref="IOException">The folder cannot be created or written (the message names it and the reason).</exception>
    public static void CheckWritable(string outDir)
    {
        if (File.Exists(outDir))
            throw new ArgumentException($"{outDir} is a file; the report needs a folder");
        var probe = Path.Combine(outDir, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllBytes(probe, new byte[4096]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            throw new IOException($"{outDir} cannot be written ({Reason(e)}): choose a folder you can write to", e);
        }
    }

    /// <exception cref="FileNotFoundException">plotly.js or KaTeX is not in data/node_modules (run ./setup.sh).</exception>
    /// <exception cref="IOException">A file could not be written; every page already there is whole, old or new.</exception>
    public static WrittenReport Write(IReadOnlyList<NotebookResult> results, string outDir)
    {
        var assets = FrontEndAssets.Locate();
        Guard(outDir, () => Directory.CreateDirectory(outDir));
        Guard(outDir, () => assets.CopyTo(outDir));

        foreach (var result in results)
        {
            var path = Path.Combine(outDir, result.ReportName + ".html");
            // Temp file + rename: a page open in a browser, a reader in another process, or a write that fails half-way
            // (a full disk) never leaves half a page.
            Guard(path, () => AtomicFile.WriteAllText(path, ReportPage.Render(result)));
            var notebook = Path.Combine(outDir, result.ReportName + IpynbFormat.Extension);
            if (result.ReadError is null)
                Guard(notebook, () => AtomicFile.WriteAllText(notebook, ExecutedNotebook.Write(result)));
            else
                Guard(notebook, () => File.Delete(notebook));   // an earlier run's notebook would contradict the page
        }
        var index = Path.Combine(outDir, "index.html");
        Guard(index, () => AtomicFile.WriteAllText(index, ReportIndex.Render(results)));
        return new WrittenReport(index);
    }

    /// <summary>Runs a write, turning the system's error into one that names the file or folder and the way out.</summary>
    private static void Guard(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"could not write {path}: {Reason(e)}. Pages written before are whole (old or new); " +
                                  "free some space, or choose a folder you can write to", e);
        }
    }

    /// <summary>Why the system refused, without the path (.NET's messages name the temporary file: "No space left on device : '/out/x.html.tmp-…'").</summary>
    private static string Reason(Exception e) => e switch
    {
        // ENOTDIR and ENOENT both arrive as "Could not find …": a folder on the way is missing or is a file.
        DirectoryNotFoundException or FileNotFoundException => "a folder on the way is missing, is a file, or cannot be made there",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message.Split(" : '")[0].TrimEnd('.'),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The probe was never written.
        }
    }
}
