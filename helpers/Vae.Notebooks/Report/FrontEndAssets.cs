using Vae.Figures;
using Vae.Core;
using Vae.Drawing.Html;

namespace Vae.Notebooks.Report;

/// <summary>
/// The report's scripts, shipped once in its <c>assets/</c> folder and linked by every page by relative path, so the
/// report opens offline from file:// without a copy of plotly.js (about 4.8 MB) in each page. Both come from
/// <c>data/node_modules</c>, fetched by setup.sh.
/// </summary>
internal sealed class FrontEndAssets
{
    /// <summary>Where a page finds plotly.js, relative to the report folder.</summary>
    public const string PlotlyLink = "assets/plotly.min.js";

    /// <summary>Where a page finds KaTeX's script and style sheet (katex.min.js, katex.min.css), relative to the report folder.</summary>
    public const string KatexLink = "assets/katex";

    private FrontEndAssets(string plotlyPath, string katexPath) => (PlotlyPath, KatexPath) = (plotlyPath, katexPath);

    private string PlotlyPath { get; }

    private string KatexPath { get; }

    /// <exception cref="FileNotFoundException">setup.sh has not fetched them.</exception>
    public static FrontEndAssets Locate()
    {
        var katex = Path.Combine(WorkbookLayout.Current.FrontEndPackages, "katex", "dist");
        if (!File.Exists(Path.Combine(katex, "katex.min.js")))
            throw new FileNotFoundException($"KaTeX was not found at {katex}. Run ./setup.sh in the repository root; it fetches KaTeX with npm.");
        return new FrontEndAssets(PlotlyJs.Locate(), katex);
    }

    /// <summary>Copies plotly.js and KaTeX's script, style sheet and fonts to where the pages link them in <paramref name="outDir"/>.</summary>
    public void CopyTo(string outDir)
    {
        CopyIfChanged(PlotlyPath, Path.Combine(outDir, PlotlyLink));
        var katex = Path.Combine(outDir, KatexLink);
        foreach (var file in new[] { "katex.min.js", "katex.min.css" })
            CopyIfChanged(Path.Combine(KatexPath, file), Path.Combine(katex, file));
        // woff2 only: the style sheet lists it first, and every browser that runs plotly.js reads it, so the .woff and
        // .ttf fallbacks (two thirds of the fonts' bytes) would never be asked for.
        foreach (var font in Directory.GetFiles(Path.Combine(KatexPath, "fonts"), "*.woff2"))
            CopyIfChanged(font, Path.Combine(katex, "fonts", Path.GetFileName(font)));
    }

    private static void CopyIfChanged(string source, string target)
    {
        var from = new FileInfo(source);
        var to = new FileInfo(target);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc >= from.LastWriteTimeUtc) return;
        // A page open in a browser never sees half a script, and a copy that fails (a full disk) leaves none.
        AtomicFile.Write(target, stream =>
        {
            using var input = from.OpenRead();
            input.CopyTo(stream);
        });
    }
}
