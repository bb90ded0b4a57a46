namespace Vae.Cli.Notebooks;

/// <summary>
/// plotly.js and KaTeX, fetched by setup.sh into <c>data/node_modules</c>. Found by walking up from this
/// assembly's folder (artifacts/bin/&lt;Project&gt;/release → repository root), so the CLI and the tests find the same copy.
/// </summary>
internal sealed class FrontEndAssets
{
    private const string PlotlyFile = "plotly.js-dist-min/plotly.min.js";
    private const string KatexFolder = "katex/dist";

    private FrontEndAssets(string nodeModules) => NodeModules = nodeModules;

    public string NodeModules { get; }

    public string PlotlyPath => Path.Combine(NodeModules, PlotlyFile);

    public string KatexPath => Path.Combine(NodeModules, KatexFolder);

    /// <exception cref="FileNotFoundException">setup.sh has not fetched them.</exception>
    public static FrontEndAssets Locate()
    {
        var assets = new FrontEndAssets(Path.Combine(Settings.Root, "data", "node_modules"));
        if (!File.Exists(assets.PlotlyPath) || !File.Exists(Path.Combine(assets.KatexPath, "katex.min.js")))
            throw new FileNotFoundException(
                $"{Path.Combine(Settings.Root, "data", "node_modules")} lacks {PlotlyFile} or {KatexFolder}/katex.min.js; run ./setup.sh to fetch them");
        return assets;
    }

    /// <summary>Copies KaTeX's script, style sheet and fonts to <c>{outDir}/assets/katex</c>, where report pages link them.</summary>
    public void CopyKatexTo(string outDir)
    {
        var target = Path.Combine(outDir, "assets", "katex");
        Directory.CreateDirectory(Path.Combine(target, "fonts"));
        foreach (var file in new[] { "katex.min.js", "katex.min.css" })
        {
            CopyIfChanged(Path.Combine(KatexPath, file), Path.Combine(target, file));
        }
        foreach (var font in Directory.GetFiles(Path.Combine(KatexPath, "fonts")))
        {
            CopyIfChanged(font, Path.Combine(target, "fonts", Path.GetFileName(font)));
        }
    }

    private static void CopyIfChanged(string source, string target)
    {
        var from = new FileInfo(source);
        var to = new FileInfo(target);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc >= from.LastWriteTimeUtc)
        {
            return;
        }
        // Copy then rename: a page open in a browser never sees half a file, and a copy that fails (a full disk) leaves none.
        var temporary = $"{target}.tmp-{Environment.ProcessId}";
        try
        {
            File.Copy(source, temporary, overwrite: true);
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
