using System.Text.Json.Nodes;
using Vae.Drawing.Images;
using Vae.Core;
using Vae.Drawing.Html;

namespace Vae.Drawing;

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

    /// <summary>What an image figure shows: its width, height and pixels in [0, 1], row-major; null for charts.</summary>
    public (int Width, int Height, float[] Pixels)? Picture => Image is null ? null : (Image.Width, Image.Height, Image.Pixels);

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
        $"{{\"data\":{Data.ToJsonString()},\"layout\":{Layout.ToJsonString()},\"config\":{FigureHtml.Config.ToJsonString()}}}";

    /// <summary>
    /// An HTML fragment: a div and the script that draws into it, with plotly.js compressed beside it (unpacked only
    /// where the page lacks it), so each chart draws on its own in a notebook, offline, whatever else was cleared.
    /// </summary>
    public string ToHtml() => PlotlyJs.LoaderTags() + FigureHtml.Fragment(this);

    /// <summary>A complete page with plotly.js inlined: opens offline, e.g. mailed to a student.</summary>
    public string ToStandaloneHtml() => FigureHtml.Page(Title, FigureHtml.Fragment(this), PlotlyJs.ScriptTag());

    public void SaveHtml(string path) => AtomicFile.WriteAllText(path, ToStandaloneHtml());

    /// <summary>
    /// An image figure's pixels as a PNG file; with <paramref name="maxSide"/>, enlarged by whole pixels (nearest neighbour)
    /// towards that longer side, so that a small strip is legible on its own.
    /// </summary>
    public void SavePng(string path, int? maxSide = null)
    {
        if (Image is null)
            throw new InvalidOperationException(
                $"PNG export is for image figures; this is a {Kind} figure (\"{Title}\"). Save it with SaveHtml instead.");
        (maxSide is { } side ? Image.Enlarged(side) : Image).SavePng(path);
    }

    public override string ToString() => $"{Kind} figure \"{Title}\" ({Data.Count} traces)";
}
