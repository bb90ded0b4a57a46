using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Drawing.Html;

namespace Vae.Drawing.Explorer;

/// <summary>
/// The page of a <see cref="LatentExplorer"/>: its controls, canvases and legend as HTML, the data it needs as JSON and
/// base64, and LatentExplorerPage.js, which decodes codes with the embedded decoder and draws as the pointer moves.
/// </summary>
internal static class LatentExplorerPage
{
    /// <summary>An HTML fragment (a div and its script), for a notebook output or a report page.</summary>
    public static string Html(LatentExplorer e)
    {
        // Unique in the page even across kernel restarts: VS Code shows every output of a notebook in one document.
        var id = "vae-explorer-" + Guid.NewGuid().ToString("N");
        var html = new StringBuilder();
        // Colours from the editor's theme where a notebook front end gives them (VS Code, else JupyterLab), light elsewhere.
        html.Append($"<div id=\"{id}\" class=\"vae-explorer\" style=\"font: 13px 'Segoe UI', Roboto, Arial, sans-serif; color: {ThemeForeground}; background: {ThemeBackground}; padding: 8px\">\n")
            .Append($"<div style=\"font-size: 16px; margin-bottom: 6px\">{WebUtility.HtmlEncode(e.Title)}</div>\n")
            .Append(Controls(e))
            .Append("<div style=\"display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start\">\n")
            .Append("<div style=\"position: relative\"><canvas data-part=\"plane\" style=\"cursor: crosshair; touch-action: none; display: block\"></canvas>")
            .Append($"<div data-part=\"tip\" style=\"display: none; position: absolute; pointer-events: none; background: {TipBackground}; "
                + "border: 1px solid #888; padding: 2px 5px; white-space: nowrap\"></div>")
            .Append($"<div>{Legend(e)}</div></div>\n")
            .Append("<div style=\"width: 300px\"><div>decode(z) at the pointer</div>")
            .Append(Canvas("decoded", 28, 28, 8)).Append("<div data-part=\"readout\" style=\"min-height: 2.6em\"></div>")
            .Append("<div data-part=\"picked\" style=\"margin-top: 10px\">Click a point: its original beside its reconstruction.</div>")
            .Append(Canvas("original", 28, 28, 4)).Append(' ').Append(Canvas("reconstruction", 28, 28, 4)).Append("</div>\n")
            .Append("</div>\n")
            .Append("<div data-part=\"strip-label\" style=\"margin-top: 8px\">Drag across the plane, from one point (or test image) to another: the decoded line between them.</div>")
            .Append(Canvas("strip", 10 * 28 + 9 * 2, 28, 2.5)).Append('\n')
            .Append($"<div style=\"color: var(--vscode-descriptionForeground, #667); margin-top: 6px\">{WebUtility.HtmlEncode(Note(e))}</div>\n")
            .Append("<script type=\"text/javascript\">\n(function (root, data, blobs) {\n")
            .Append(Script.Value)
            .Append($"\n}})(document.getElementById(\"{id}\"), {Data(e).ToJsonString()}, {Blobs(e)});\n</script>\n</div>\n");
        return html.ToString();
    }

    private const string ThemeForeground = "var(--vscode-editor-foreground, var(--jp-content-font-color1, #2a3f5f))";
    private const string ThemeBackground = "var(--vscode-editor-background, var(--jp-layout-color0, white))";
    private const string TipBackground = "var(--vscode-editor-background, var(--jp-layout-color0, rgba(255,255,255,0.92)))";

    private static string Note(LatentExplorer e)
    {
        var shape = string.Join(" → ", e.Decoder.Select(l => l.InFeatures).Append(e.Decoder[^1].OutFeatures));
        var error = e.MeasuredPixelError is { } p
            ? string.Create(CultureInfo.InvariantCulture, $", largest pixel error against float32 {p:0.00000} ({p * 255:0.00}/255)")
            : "";
        var kilobytes = (e.WeightBytes + e.Codes.Length * 4L + e.Originals.Length) / 1024.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"Decoder {shape} ({e.ParameterCount:N0} weights) as {e.Precision.ToString().ToLowerInvariant()}{error}; runs in this page. Embedded: weights, μ and originals of {e.Count:N0} test images, {kilobytes:N0} KB before base64.");
    }

    private static string Controls(LatentExplorer e)
    {
        var html = new StringBuilder("<div style=\"margin-bottom: 6px\">window [−r, r)², r = <select data-part=\"range\">");
        foreach (var r in new[] { 1, 1.5, 2, 3, 4, 6 }.Append(e.Range).Distinct().Order())
            html.Append(string.Create(CultureInfo.InvariantCulture, $"<option value=\"{r}\"{(r == e.Range ? " selected" : "")}>{r}</option>"));
        html.Append("</select>");
        if (e.ZDim > 2)
        {
            html.Append(" · plane: ").Append(DimSelect(e, "dim1", e.Dim1)).Append(" across, ").Append(DimSelect(e, "dim2", e.Dim2)).Append(" up")
                .Append($" · the others at μ of test image #<input data-part=\"held\" type=\"number\" style=\"width: 5em\" value=\"{e.Indices[e.Held]}\">");
        }
        return html.Append("</div>\n").ToString();
    }

    private static string DimSelect(LatentExplorer e, string part, int selected)
    {
        var html = new StringBuilder($"<select data-part=\"{part}\">");
        for (var j = 0; j < e.ZDim; j++)
            html.Append($"<option value=\"{j}\"{(j == selected ? " selected" : "")}>z{Style.Subscript(j + 1)}</option>");
        return html.Append("</select>").ToString();
    }

    private static string Legend(LatentExplorer e) => string.Concat(e.Labels.Distinct().Order().Select(l =>
        $"<span style=\"margin-right: 8px; white-space: nowrap\"><span style=\"display: inline-block; width: 9px; height: 9px; border-radius: 50%; "
        + $"background: {Style.Color(l)}\"></span> {WebUtility.HtmlEncode(e.ClassNames[l])}</span>"));

    // Canvases keep the image's own pixels (what the tests read back) and are enlarged, unsmoothed, by CSS.
    private static string Canvas(string part, int width, int height, double scale) => string.Create(CultureInfo.InvariantCulture,
        $"<canvas data-part=\"{part}\" width=\"{width}\" height=\"{height}\" style=\"width: {width * scale}px; height: {height * scale}px; image-rendering: pixelated; background: #000; display: inline-block\"></canvas>");

    private static JsonObject Data(LatentExplorer e) => new()
    {
        ["zDim"] = e.ZDim,
        ["dims"] = new JsonArray(e.Dim1, e.Dim2),
        ["range"] = e.Range,
        ["held"] = e.Held,
        ["layers"] = new JsonArray(e.Decoder.Select(l => (JsonNode)new JsonObject { ["in"] = l.InFeatures, ["out"] = l.OutFeatures }).ToArray()),
        ["precision"] = e.Precision == WeightPrecision.Float16 ? "float16" : "float32",
        ["labels"] = Style.Numbers(e.Labels),
        ["indices"] = Style.Numbers(e.Indices),
        ["classNames"] = new JsonArray(e.ClassNames.Select(c => (JsonNode?)c).ToArray()),
        ["palette"] = new JsonArray(Style.Palette.Select(c => (JsonNode?)c).ToArray()),
    };

    // Base64 needs no escaping in a script ("+" and "/" are the only signs), while the JSON encoder would write
    // every "+" as \u002B and grow the weights by a tenth; so the large arrays travel as plain string literals.
    private static string Blobs(LatentExplorer e) =>
        $"{{ weights: \"{Convert.ToBase64String(WeightBytesOf(e))}\", codes: \"{Convert.ToBase64String(MemoryMarshal.AsBytes(e.Codes.AsSpan()))}\", "
        + $"originals: \"{Convert.ToBase64String(e.Originals)}\" }}";

    // Layer by layer, weight rows then bias, little-endian (the byte order of every platform .NET and browsers run on).
    private static byte[] WeightBytesOf(LatentExplorer e)
    {
        var values = e.Decoder.SelectMany(l => l.Weight.Concat(l.Bias)).ToArray();
        return e.Precision == WeightPrecision.Float16
            ? MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    // The page script ships inside this assembly; "</script" cannot occur in it (checked by a test).
    private static readonly Lazy<string> Script = new(() => FigureHtml.EmbeddedScript("LatentExplorerPage.js"));

    /// <summary>
    /// The largest |decode(z) − decode′(z)| over the codes z (N × d), where decode′ is the MLP decoder with the given (e.g.
    /// rounded) weights: the pixel error, as a probability, that those weights cause.
    /// </summary>
    public static double PixelError(Func<Tensor, Tensor> decode, IReadOnlyList<LinearWeights> layers, Tensor z)
    {
        using var scope = NewDisposeScope();
        var exact = decode(z).cpu();
        var h = z.cpu();
        for (var i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            h = nn.functional.linear(h, torch.tensor(l.Weight, [l.OutFeatures, l.InFeatures]), torch.tensor(l.Bias, [l.OutFeatures]));
            if (i < layers.Count - 1) h = nn.functional.relu(h);
        }
        return (h.sigmoid() - exact).abs().max().item<float>();
    }

    // Where a class will point: every μ shown, and a 40 × 40 grid over the starting window, the others held at μ of `held`.
    public static Tensor ProbeCodes(Tensor mu, int held, double range, int dim1, int dim2)
    {
        const int side = 40;
        var values = linspace(-range, range, side + 1, device: mu.device)[..side];
        var grid = (mu.shape[1] == 2 ? zeros_like(mu[held]) : mu[held]).repeat(side * side, 1);
        grid[.., dim1] = values.repeat(side);
        grid[.., dim2] = values.repeat_interleave(side);
        return cat([mu, grid]);
    }

    /// <summary>Values as the page will see them: rounded to the nearest float16 (ties to even) or unchanged.</summary>
    public static float[] Round(float[] values, WeightPrecision precision) =>
        precision == WeightPrecision.Float16 ? values.Select(v => (float)(Half)v).ToArray() : values;

    /// <summary>The decoder's layers with every weight rounded to <paramref name="precision"/>.</summary>
    public static IReadOnlyList<LinearWeights> Round(IReadOnlyList<LinearWeights> layers, WeightPrecision precision) =>
        layers.Select(l => l with { Weight = Round(l.Weight, precision), Bias = Round(l.Bias, precision) }).ToList();

    public static void CheckDecoder(IReadOnlyList<LinearWeights> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("The decoder has no layers.", nameof(layers));
        for (var i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            if (l.Weight.Length != (long)l.InFeatures * l.OutFeatures || l.Bias.Length != l.OutFeatures)
                throw new ArgumentException($"Decoder layer {i} ({l.InFeatures} → {l.OutFeatures}) has {l.Weight.Length} weights and {l.Bias.Length} biases.", nameof(layers));
            // No page from a damaged or diverged decoder, whose pixels would be NaN or noise; float16's range bounds any trained one.
            foreach (var v in l.Weight.Concat(l.Bias))
                if (!(Math.Abs(v) <= 65504))
                    throw new ArgumentException($"Decoder layer {i} holds the value {v}, beyond ±65504: not a trained decoder's weights (a damaged checkpoint, or a run that diverged).", nameof(layers));
            if (i > 0 && layers[i - 1].OutFeatures != l.InFeatures)
                throw new ArgumentException($"Decoder layer {i} takes {l.InFeatures} inputs but layer {i - 1} gives {layers[i - 1].OutFeatures}.", nameof(layers));
        }
        if (layers[^1].OutFeatures != 784)
            throw new ArgumentException($"The decoder must end in {784} logits (28 × 28); it gives {layers[^1].OutFeatures}.", nameof(layers));
    }

    /// <summary>Everything a page is made of must fit together and be finite; an error names the part.</summary>
    public static void Check(IReadOnlyList<LinearWeights> decoder, float[] codes, int[] labels, int[] indices, float[] originals,
        IReadOnlyList<string> classNames, double range, int dim1, int dim2, int held)
    {
        CheckDecoder(decoder);
        var z = decoder[0].InFeatures;
        var n = labels.Length;
        if (n == 0) throw new ArgumentException("The explorer needs at least one test image to scatter.", nameof(labels));
        if (codes.Length != n * z) throw new ArgumentException($"{n} images with z = {z} need {n * z} code values; got {codes.Length}.", nameof(codes));
        if (indices.Length != n) throw new ArgumentException($"{n} labels but {indices.Length} indices.", nameof(indices));
        if (originals.Length != n * 784) throw new ArgumentException($"{n} images need {n * 784} pixels; got {originals.Length}.", nameof(originals));
        if (labels.Any(l => l < 0 || l >= classNames.Count)) throw new ArgumentException($"labels must lie in 0 … {classNames.Count - 1}.", nameof(labels));
        if (codes.Any(v => !float.IsFinite(v))) throw new ArgumentException("The codes hold a non-finite value; the encoder has diverged.", nameof(codes));
        if (dim1 == dim2 || dim1 < 0 || dim2 < 0 || dim1 >= z || dim2 >= z)
            throw new ArgumentException($"choose two different latent coordinates among 0 … {z - 1}, got {dim1} and {dim2}");
        if (!double.IsFinite(range) || range <= 0) throw new ArgumentOutOfRangeException(nameof(range), range, "the window [−range, range)² needs a positive range");
        if (held < 0 || held >= n) throw new ArgumentOutOfRangeException(nameof(held), held, $"the held code is one of the {n} images shown");
    }
}
