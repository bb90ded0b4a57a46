using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Vae.Drawing.Html;

/// <summary>A <see cref="Figure"/> as HTML: a div and the script that draws into it (FigureHtml.js), alone or in a whole page.</summary>
internal static class FigureHtml
{
    // A short mode bar (save, zoom, pan, reset): the buttons left out are of little use here and
    // would cover the titles of the narrower image figures.
    public static JsonObject Config => new()
    {
        ["responsive"] = true,
        ["displaylogo"] = false,
        ["modeBarButtonsToRemove"] = new JsonArray("select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d",
            "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"),
    };

    /// <summary>The div and its script; plotly.js comes from the page or from the loader beside it.</summary>
    public static string Fragment(Figure figure)
    {
        // Unique in the page even across kernel restarts, which a counter would not be.
        var id = "vae-figure-" + Guid.NewGuid().ToString("N");
        return $"<div id=\"{id}\" class=\"vae-figure\" style=\"{DivStyle(figure)}\"></div>\n<script type=\"text/javascript\">\n(function (id, figure) {{\n"
            + Script.Value + $"}})(\"{id}\", {figure.ToJson()});\n</script>\n";
    }

    /// <summary>A complete page around an HTML fragment (a figure's, with plotly.js in <paramref name="head"/>; an explorer's): opens offline on its own.</summary>
    public static string Page(string title, string body, string head = "") =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{WebUtility.HtmlEncode(title)}</title>
        {head}</head>
        <body style="margin: 16px; background: white">
        {body}
        </body>
        </html>

        """;

    // Images keep their pixel size; charts take the width they are given and a fixed height.
    private static string DivStyle(Figure figure)
    {
        var height = Pixels(figure.Layout["height"]) ?? 450;
        return Pixels(figure.Layout["width"]) is { } w
            ? string.Create(CultureInfo.InvariantCulture, $"width: {w}px; max-width: 100%; height: {height}px")
            : string.Create(CultureInfo.InvariantCulture, $"width: 100%; height: {height}px");
    }

    // A value built from an int only reads back as an int; one parsed from text reads back as either.
    private static int? Pixels(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<int>(out var i) => i,
        JsonValue value when value.TryGetValue<double>(out var d) && double.IsFinite(d) => (int)Math.Round(d),
        _ => null,
    };

    // The script ships inside this assembly; "</script" cannot occur in it.
    private static readonly Lazy<string> Script = new(() => EmbeddedScript("FigureHtml.js"));

    /// <summary>A page script embedded in this assembly (Html/FigureHtml.js, Explorer/LatentExplorerPage.js; see Vae.Drawing.csproj).</summary>
    internal static string EmbeddedScript(string fileName)
    {
        using var stream = typeof(FigureHtml).Assembly.GetManifestResourceStream($"Vae.Drawing.{fileName}")
            ?? throw new InvalidOperationException($"Vae.Drawing.dll lacks its {fileName} resource; rebuild it (./setup.sh).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
