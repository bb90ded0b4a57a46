using TorchSharp;
using static TorchSharp.torch;
using Vae.Internal;

namespace Vae.Cli.Notebooks;

/// <summary>The files of a written report.</summary>
public sealed record Report(string IndexPath, IReadOnlyList<string> PagePaths);

/// <summary>
/// Writes the HTML report of notebook runs into a folder: <c>{notebook}.html</c> per notebook, <c>index.html</c>,
/// and <c>assets/katex</c>. Every page inlines plotly.js once in its head, so it opens offline from file://.
/// </summary>
public static class ReportWriter
{
    /// <exception cref="FileNotFoundException">plotly.js or KaTeX is not in data/node_modules (run ./setup.sh).</exception>
    public static Report Write(IReadOnlyList<NotebookResult> results, string outDir)
    {
        var assets = FrontEndAssets.Locate();
        Directory.CreateDirectory(outDir);
        assets.CopyKatexTo(outDir);
        var plotly = File.ReadAllText(assets.PlotlyPath);

        var pages = new List<string>();
        foreach (var result in results)
        {
            var path = Path.Combine(outDir, result.Name + ".html");
            // Temp file + rename: a page open in a browser, or a reader in another process, never sees half a page.
            AtomicFile.WriteAllText(path, ReportPage.Render(result, plotly));
            pages.Add(path);
        }
        var index = Path.Combine(outDir, "index.html");
        AtomicFile.WriteAllText(index, ReportIndex.Render(results));
        return new Report(index, pages);
    }
}
