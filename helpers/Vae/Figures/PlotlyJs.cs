using System.Text.RegularExpressions;

namespace Vae.Figures;

/// <summary>Finds plotly.min.js (fetched by ./setup.sh) and reads it once.</summary>
internal static class PlotlyJs
{
    public const string RelativePath = "data/node_modules/plotly.js-dist-min/plotly.min.js";

    // Inside a <script> element only "</script" ends the element; "<\/script" means the same to JavaScript.
    // PublicationOnly: a failure is not cached, so running ./setup.sh mid-session is enough to recover.
    private static readonly Lazy<string> Code = new(
        () => Regex.Replace(File.ReadAllText(Locate()), "</(script)", "<\\/$1", RegexOptions.IgnoreCase),
        LazyThreadSafetyMode.PublicationOnly);

    /// <summary>
    /// Walks up from the assembly's folder (artifacts/bin/Vae/release when a notebook does #r), then from the
    /// current directory (a notebook's folder), to the repository root that holds data/node_modules.
    /// </summary>
    public static string Locate()
    {
        var starts = new[] { Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location), AppContext.BaseDirectory, Environment.CurrentDirectory }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!)))
            .Distinct()
            .ToArray();
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                    return candidate;
            }
        throw new FileNotFoundException(
            $"plotly.js was not found: no {RelativePath} in {string.Join(" or ", starts)} or any folder above. "
            + "Run ./setup.sh in the repository root; it fetches plotly.js with npm.", RelativePath);
    }

    /// <summary>The library as a script tag that defines window.Plotly only if the page does not have it yet.</summary>
    public static string ScriptTag() =>
        "<script type=\"text/javascript\">if (typeof window.Plotly === \"undefined\") {\n" + Code.Value + "\n}</script>\n";
}

/// <summary>
/// VS Code notebooks draw every cell's output into one page, so plotly.js must arrive once, with the first
/// figure of the kernel's process. The headless report runner loads it in the page head instead and says so
/// with VAE_PLOTLY_PROVIDED=1. Tests use their own instance instead of the process-wide one.
/// </summary>
internal sealed class PlotlyInline
{
    public const string ProvidedVariable = "VAE_PLOTLY_PROVIDED";

    public static PlotlyInline Process { get; } = new();

    private readonly Func<bool> provided;
    private int emitted;

    public PlotlyInline(Func<bool>? provided = null) =>
        this.provided = provided ?? (() => Environment.GetEnvironmentVariable(ProvidedVariable) == "1");

    /// <summary>The plotly.js script tag for the first fragment, an empty string for all others.</summary>
    public string TakeScript()
    {
        if (provided() || Volatile.Read(ref emitted) != 0)
            return "";
        // Read before claiming: if plotly.js is missing this throws and the next figure tries again.
        var script = PlotlyJs.ScriptTag();
        return Interlocked.Exchange(ref emitted, 1) == 0 ? script : "";
    }
}
