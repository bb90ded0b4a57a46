using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vae.Internal;

namespace Vae.Figures;

/// <summary>
/// A Plotly figure: the <see cref="Data"/> traces and <see cref="Layout"/> that plotly.js draws, written as JSON
/// into HTML for notebooks and reports. <see cref="Kind"/> says what it shows ("scatter", "image", "lines", …);
/// image figures also keep the <see cref="Image"/> they show, so they can be saved as PNG.
/// </summary>
public sealed class Figure
{
    internal Figure(string kind, JsonArray data, JsonObject layout, GrayImage? image = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(layout);
        Kind = kind;
        Data = data;
        Layout = layout;
        Image = image;
    }

    public string Kind { get; }

    /// <summary>The traces; mutable, so a notebook can adjust a figure before showing it.</summary>
    public JsonArray Data { get; }

    public JsonObject Layout { get; }

    /// <summary>The pixels of an image figure (null for charts), for PNG files.</summary>
    internal GrayImage? Image { get; }

    /// <summary>The plotly.min.js that ./setup.sh fetched, e.g. for a page that loads it once in its head.</summary>
    public static string PlotlyJsPath => PlotlyJs.Locate();

    /// <summary>The layout's title text, or "figure" if it has none.</summary>
    public string Title => Layout["title"] switch
    {
        JsonObject title when title["text"] is JsonValue text && text.TryGetValue<string>(out var t) => t,
        JsonValue title when title.TryGetValue<string>(out var t) => t,
        _ => "figure",
    };

    /// <summary>{ data, layout, config }: the three arguments of Plotly.newPlot.</summary>
    public string ToJson() =>
        // The default encoder escapes <, > and & as \u003C…, so this JSON is safe inside a <script> element.
        $"{{\"data\":{Data.ToJsonString()},\"layout\":{Layout.ToJsonString()},\"config\":{Config.ToJsonString()}}}";

    /// <summary>
    /// An HTML fragment: a div and the script that draws into it, with plotly.js compressed beside it (unpacked only
    /// where the page lacks it), so each chart draws on its own in a notebook, offline, whatever else was cleared.
    /// </summary>
    public string ToHtml() => PlotlyJs.LoaderTags() + Fragment();

    /// <summary>A complete page with plotly.js inlined: opens offline, e.g. mailed to a student.</summary>
    public string ToStandaloneHtml() =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{WebUtility.HtmlEncode(Title)}</title>
        {PlotlyJs.ScriptTag()}</head>
        <body style="margin: 16px; background: white">
        {Fragment()}
        </body>
        </html>

        """;

    public void SaveHtml(string path) =>
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(ToStandaloneHtml())));

    public void SavePng(string path)
    {
        if (Image is null)
            throw new InvalidOperationException(
                $"PNG export is for image figures; this is a {Kind} figure (\"{Title}\"). Save it with SaveHtml instead.");
        Image.SavePng(path);
    }

    public override string ToString() => $"{Kind} figure \"{Title}\" ({Data.Count} traces)";

    // A short mode bar (save, zoom, pan, reset): the buttons left out are of little use here and
    // would cover the titles of the narrower image figures.
    private static JsonObject Config => new()
    {
        ["responsive"] = true,
        ["displaylogo"] = false,
        ["modeBarButtonsToRemove"] = new JsonArray("select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d",
            "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"),
    };

    private string Fragment()
    {
        // Unique in the page even across kernel restarts, which a counter would not be.
        var id = "vae-figure-" + Guid.NewGuid().ToString("N");
        return $$"""
            <div id="{{id}}" class="vae-figure" style="{{DivStyle()}}"></div>
            <script type="text/javascript">
            (function () {
              var id = "{{id}}";
              var figure = {{ToJson()}};
              function draw() {
                window.Plotly.newPlot(id, figure.data, themed(document.getElementById(id), figure.layout), figure.config);
                follow();
              }
            {{ThemeScript}}
              if (window.Plotly) { draw(); return; }
              // plotly.js comes in the page head (report) or unpacked by this output's own loader (notebook); wait for it a while.
              var tries = 0;
              var timer = setInterval(function () {
                if (window.Plotly) { clearInterval(timer); draw(); }
                else if (++tries > 100) {
                  clearInterval(timer);
                  var div = document.getElementById(id);
                  if (div) div.textContent = "plotly.js did not load in this page (this browser may lack DecompressionStream): run the cell again.";
                }
              }, 100);
            })();
            </script>
            """;
    }

    /// <summary>
    /// <c>themed(div, layout)</c>: in a notebook front end, the layout in the editor's colours. VS Code gives outputs its
    /// theme as CSS variables (--vscode-editor-background, --vscode-editor-foreground), JupyterLab as --jp-layout-color0 and
    /// --jp-content-font-color1; where neither is set (the report, a plain browser) the layout stays as built, light.
    /// Grid and axis lines are drawn in a mix of the two colours, so they stay faint but visible on any background.
    /// </summary>
    private const string ThemeScript = """
          // The front end's [background, foreground], as set; empty strings where it sets none.
          function theme(div) {
            if (!div || !window.getComputedStyle) return ["", ""];
            var style = getComputedStyle(div);
            function variable(names) {
              for (var i = 0; i < names.length; i++) { var v = style.getPropertyValue(names[i]).trim(); if (v) return v; }
              return "";
            }
            return [variable(["--vscode-editor-background", "--jp-layout-color0"]), variable(["--vscode-editor-foreground", "--jp-content-font-color1"])];
          }
          function themed(div, layout) {
            var colours = theme(div), background = colours[0], foreground = colours[1];
            if (!background || !foreground) return layout;
            // Any CSS colour (a name, #hex, rgb(), hsl()) to [r, g, b], as the browser computes it.
            function rgb(colour) {
              var probe = document.createElement("span");
              probe.style.display = "none";
              probe.style.color = colour;
              div.appendChild(probe);
              var parts = (getComputedStyle(probe).color.match(/[\d.]+/g) || []).map(Number);
              div.removeChild(probe);
              return parts.length >= 3 ? parts.slice(0, 3) : null;
            }
            var bg = rgb(background), fg = rgb(foreground);
            if (!bg || !fg) return layout;
            function mix(t) { return "rgb(" + [0, 1, 2].map(function (i) { return Math.round(bg[i] + (fg[i] - bg[i]) * t); }).join(", ") + ")"; }
            var copy = JSON.parse(JSON.stringify(layout));
            copy.paper_bgcolor = "rgb(" + bg.join(", ") + ")";
            copy.plot_bgcolor = copy.paper_bgcolor;
            copy.font = copy.font || {};
            copy.font.color = "rgb(" + fg.join(", ") + ")";
            Object.keys(copy).forEach(function (key) {
              if (!/^[xy]axis\d*$/.test(key) || !copy[key]) return;
              var axis = copy[key];
              axis.gridcolor = mix(0.15);
              axis.zerolinecolor = mix(0.35);
              axis.linecolor = mix(0.35);
              axis.tickcolor = mix(0.35);
            });
            if (copy.legend) copy.legend.bgcolor = "rgba(0, 0, 0, 0)";
            return copy;
          }
          // VS Code changes the variables on the root element when the user switches themes: redraw in the new colours.
          function follow() {
            if (!window.MutationObserver) return;
            var shown = theme(document.getElementById(id)).join("|");
            var observer = new MutationObserver(function () {
              var div = document.getElementById(id);
              if (!div) { observer.disconnect(); return; }
              var now = theme(div).join("|");
              if (now === shown) return;
              shown = now;
              window.Plotly.react(div, figure.data, themed(div, figure.layout), figure.config);
            });
            observer.observe(document.documentElement, { attributes: true, attributeFilter: ["style", "class"] });
            if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ["style", "class"] });
          }
        """;

    // Images keep their pixel size; charts take the width they are given and a fixed height.
    private string DivStyle()
    {
        var height = Pixels(Layout["height"]) ?? 450;
        return Pixels(Layout["width"]) is { } w
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
}
