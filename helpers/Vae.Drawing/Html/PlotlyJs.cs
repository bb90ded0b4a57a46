using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Vae.Core;

namespace Vae.Drawing.Html;

/// <summary>Finds plotly.min.js (fetched by ./setup.sh) and reads it once; a report that loads it once drops the figures' copies.</summary>
public static class PlotlyJs
{
    /// <summary>The type attribute of the inert script element that holds a figure's copy of plotly.js, gzipped, in base64.</summary>
    public const string PayloadScriptType = "application/x-vae-plotly-gzip-base64";

    public const string RelativePath = "data/node_modules/plotly.js-dist-min/plotly.min.js";

    // Inside a <script> element only "</script" ends the element; "<\/script" means the same to JavaScript.
    // PublicationOnly: a failure is not cached, so running ./setup.sh mid-session is enough to recover.
    private static readonly Lazy<string> Code = new(
        () => Regex.Replace(File.ReadAllText(Locate()), "</(script)", "<\\/$1", RegexOptions.IgnoreCase),
        LazyThreadSafetyMode.PublicationOnly);

    // plotly.js gzipped and in base64: 1.95 MB against 4.85 MB as text. Made once per process (about half a second).
    private static readonly Lazy<string> Compressed = new(() =>
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(File.ReadAllText(Locate())));
        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }, LazyThreadSafetyMode.PublicationOnly);

    /// <summary>plotly.min.js under the repository root.</summary>
    public static string Locate()
    {
        var path = Path.Combine(Repository.Root, RelativePath);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"plotly.js was not found at {path}. Run ./setup.sh in the repository root; it fetches plotly.js with npm.", path);
    }

    /// <summary>The library as a script tag that defines window.Plotly only if the page does not have it yet.</summary>
    internal static string ScriptTag() =>
        "<script type=\"text/javascript\">if (typeof window.Plotly === \"undefined\") {\n" + Code.Value + "\n}</script>\n";

    /// <summary>
    /// plotly.js as inert data plus a small loader: if the page has no window.Plotly (and no other figure is
    /// already loading it), the loader unzips the data with the browser's DecompressionStream and runs it.
    /// The data element is not JavaScript, so a page that has plotly.js only pays for its bytes.
    /// </summary>
    internal static string LoaderTags()
    {
        var id = "vae-plotly-" + Guid.NewGuid().ToString("N");
        return $$"""
            <script type="{{PayloadScriptType}}" id="{{id}}">{{Compressed.Value}}</script>
            <script type="text/javascript">
            (function () {
              if (window.Plotly || window.vaePlotlyLoading) return;
              var data = document.getElementById("{{id}}");
              if (!data || typeof DecompressionStream === "undefined") return;
              window.vaePlotlyLoading = true;
              var text = atob(data.textContent.trim()), bytes = new Uint8Array(text.length);
              for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
              new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
                .then(function (code) {
                  if (window.Plotly) return;
                  var script = document.createElement("script");
                  script.text = code;
                  document.head.appendChild(script);
                })
                .catch(function (error) { console.warn("plotly.js could not be unpacked: " + error); })
                .then(function () { window.vaePlotlyLoading = false; });
            })();
            </script>

            """;
    }
}
