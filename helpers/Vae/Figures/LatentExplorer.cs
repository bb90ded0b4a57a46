using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Vae.Models;
using Vae.Torch;

namespace Vae.Figures;

/// <summary>How the decoder's weights travel in the page.</summary>
public enum WeightPrecision
{
    Float32,
    /// <summary>Half the size; chosen where its measured pixel error stays under 1/255 (one gray level).</summary>
    Float16,
}

/// <summary>
/// A live latent-space explorer: the plane of two latent coordinates with the encoder means μ of test images
/// scattered on it (coloured by label, hover names label and index); the digit the decoder makes at the pointer,
/// redrawn as it moves; a clicked image's original beside its reconstruction; and, for a drag, the decoded
/// straight line between its ends. The MLP decoder runs in the page's script from weights embedded once, so it
/// works in a notebook output and in a saved HTML file, offline, with no kernel behind it.
/// <para>Models with z &gt; 2 show coordinates <see cref="Dim1"/> and <see cref="Dim2"/>; the others are held at μ of
/// a test image, which a click (or the number field) picks.</para>
/// </summary>
public sealed class LatentExplorer
{
    private readonly IReadOnlyList<LinearWeights> decoder;
    private readonly float[] codes;
    private readonly int[] labels, indices;
    private readonly byte[] originals;
    private readonly IReadOnlyList<string> classNames;
    private readonly double? pixelError;

    /// <param name="decoder">The decoder's Linear layers in order; ReLU between them, sigmoid on the last one's logits.</param>
    /// <param name="codes">μ of the test images, N × z row-major.</param>
    /// <param name="labels">Each image's class, an index into <paramref name="classNames"/>.</param>
    /// <param name="indices">Each image's index in its data set, as hover and captions name it.</param>
    /// <param name="originals">The images, N × 784 values in [0, 1].</param>
    /// <param name="precision">How the weights are embedded; Float16 rounds them here, once.</param>
    /// <param name="pixelError">The measured largest pixel error of the embedded weights against float32, if known.</param>
    /// <param name="range">The plane shows [−range, range)² at first; the lecture's grid is range 1.</param>
    /// <param name="held">For z &gt; 2: the image (position in <paramref name="codes"/>) whose μ holds the other coordinates.</param>
    public LatentExplorer(IReadOnlyList<LinearWeights> decoder, float[] codes, int[] labels, int[] indices, float[] originals,
        IReadOnlyList<string> classNames, WeightPrecision precision = WeightPrecision.Float32, double? pixelError = null,
        double range = 1, int dim1 = 0, int dim2 = 1, int held = 0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(classNames);
        CheckDecoder(decoder);
        var z = decoder[0].InFeatures;
        var n = labels.Length;
        if (n == 0) throw new ArgumentException("The explorer needs at least one test image to scatter.", nameof(labels));
        if (codes.Length != n * z) throw new ArgumentException($"{n} images with z = {z} need {n * z} code values; got {codes.Length}.", nameof(codes));
        if (indices.Length != n) throw new ArgumentException($"{n} labels but {indices.Length} indices.", nameof(indices));
        if (originals.Length != n * Pixels) throw new ArgumentException($"{n} images need {n * Pixels} pixels; got {originals.Length}.", nameof(originals));
        if (labels.Any(l => l < 0 || l >= classNames.Count)) throw new ArgumentException($"labels must lie in 0 … {classNames.Count - 1}.", nameof(labels));
        if (codes.Any(v => !float.IsFinite(v))) throw new ArgumentException("The codes hold a non-finite value; the encoder has diverged.", nameof(codes));
        if (!double.IsFinite(range) || range <= 0) throw new ArgumentException($"range must be positive; got {range}.", nameof(range));
        if (dim1 == dim2 || dim1 < 0 || dim2 < 0 || dim1 >= z || dim2 >= z)
            throw new ArgumentException($"choose two different latent coordinates among 0 … {z - 1}, got {dim1} and {dim2}");
        if (held < 0 || held >= n) throw new ArgumentOutOfRangeException(nameof(held), held, $"the held code is one of the {n} images shown");

        this.decoder = decoder;
        this.codes = codes;
        this.labels = labels;
        this.indices = indices;
        this.originals = originals.Select(v => (byte)Math.Clamp(Math.Round(v * 255), 0, 255)).ToArray();
        this.classNames = classNames;
        this.pixelError = pixelError;
        Precision = precision;
        Range = range;
        Dim1 = dim1;
        Dim2 = dim2;
        Held = held;
        Title = title ?? (z == 2
            ? $"Latent explorer: point anywhere in the plane; μ of {n:N0} test images"
            // The held image and the plane's coordinates change in the page, so the title names neither.
            : $"Latent explorer (z = {z}): two coordinates on the plane, the others held at μ of a test image; μ of {n:N0} test images");
    }

    private const int Pixels = 28 * 28;

    public WeightPrecision Precision { get; }
    public double Range { get; }
    public int Dim1 { get; }
    public int Dim2 { get; }
    public int Held { get; }
    public string Title { get; }
    public int ZDim => decoder[0].InFeatures;
    public int Count => labels.Length;
    public long ParameterCount => decoder.Sum(l => l.ParameterCount);

    /// <summary>Bytes the weights take in the page before base64 (which adds a third).</summary>
    public long WeightBytes => ParameterCount * (Precision == WeightPrecision.Float16 ? 2 : 4);

    /// <summary>Values as the page will see them: rounded to the nearest float16 (ties to even) or unchanged.</summary>
    public static float[] Round(float[] values, WeightPrecision precision) =>
        precision == WeightPrecision.Float16 ? values.Select(v => (float)(Half)v).ToArray() : values;

    /// <summary>The decoder's layers with every weight rounded to <paramref name="precision"/>.</summary>
    public static IReadOnlyList<LinearWeights> Round(IReadOnlyList<LinearWeights> layers, WeightPrecision precision) =>
        layers.Select(l => l with { Weight = Round(l.Weight, precision), Bias = Round(l.Bias, precision) }).ToList();

    /// <summary>An HTML fragment (a div and its script), for a notebook output or a report page.</summary>
    public string ToHtml()
    {
        // Unique in the page even across kernel restarts: VS Code shows every output of a notebook in one document.
        var id = "vae-explorer-" + Guid.NewGuid().ToString("N");
        var html = new StringBuilder();
        // Colours from the editor's theme where a notebook front end gives them (VS Code, else JupyterLab), light elsewhere.
        html.Append($"<div id=\"{id}\" class=\"vae-explorer\" style=\"font: 13px 'Segoe UI', Roboto, Arial, sans-serif; color: {ThemeForeground}; background: {ThemeBackground}; padding: 8px\">\n")
            .Append($"<div style=\"font-size: 16px; margin-bottom: 6px\">{WebUtility.HtmlEncode(Title)}</div>\n")
            .Append(Controls())
            .Append("<div style=\"display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start\">\n")
            .Append("<div style=\"position: relative\"><canvas data-part=\"plane\" style=\"cursor: crosshair; touch-action: none; display: block\"></canvas>")
            .Append($"<div data-part=\"tip\" style=\"display: none; position: absolute; pointer-events: none; background: {TipBackground}; "
                + "border: 1px solid #888; padding: 2px 5px; white-space: nowrap\"></div>")
            .Append($"<div>{Legend()}</div></div>\n")
            .Append("<div style=\"width: 300px\"><div>decode(z) at the pointer</div>")
            .Append(Canvas("decoded", 28, 28, 8)).Append("<div data-part=\"readout\" style=\"min-height: 2.6em\"></div>")
            .Append("<div data-part=\"picked\" style=\"margin-top: 10px\">Click a point: its original beside its reconstruction.</div>")
            .Append(Canvas("original", 28, 28, 4)).Append(' ').Append(Canvas("reconstruction", 28, 28, 4)).Append("</div>\n")
            .Append("</div>\n")
            .Append("<div data-part=\"strip-label\" style=\"margin-top: 8px\">Drag across the plane, from one point (or test image) to another: the decoded line between them.</div>")
            .Append(Canvas("strip", 10 * 28 + 9 * 2, 28, 2.5)).Append('\n')
            .Append($"<div style=\"color: var(--vscode-descriptionForeground, #667); margin-top: 6px\">{WebUtility.HtmlEncode(Note())}</div>\n")
            .Append("<script type=\"text/javascript\">\n(function (root, data, blobs) {\n")
            .Append(Script.Value)
            .Append($"\n}})(document.getElementById(\"{id}\"), {Data().ToJsonString()}, {Blobs()});\n</script>\n</div>\n");
        return html.ToString();
    }

    private const string ThemeForeground = "var(--vscode-editor-foreground, var(--jp-content-font-color1, #2a3f5f))";
    private const string ThemeBackground = "var(--vscode-editor-background, var(--jp-layout-color0, white))";
    private const string TipBackground = "var(--vscode-editor-background, var(--jp-layout-color0, rgba(255,255,255,0.92)))";

    /// <summary>A complete page: opens offline, on its own.</summary>
    public string ToStandaloneHtml() =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(Title)}</title></head>
        <body style="margin: 16px; background: white">
        {ToHtml()}</body>
        </html>

        """;

    public void SaveHtml(string path) => AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(ToStandaloneHtml())));

    public override string ToString() => $"{Title} ({Count:N0} images, {ParameterCount:N0} decoder weights as {Precision})";

    private string Note()
    {
        var shape = string.Join(" → ", decoder.Select(l => l.InFeatures).Append(decoder[^1].OutFeatures));
        var error = pixelError is { } e
            ? string.Create(CultureInfo.InvariantCulture, $", largest pixel error against float32 {e:0.00000} ({e * 255:0.00}/255)")
            : "";
        var kilobytes = (WeightBytes + codes.Length * 4L + originals.Length) / 1024.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"Decoder {shape} ({ParameterCount:N0} weights) as {Precision.ToString().ToLowerInvariant()}{error}; runs in this page. Embedded: weights, μ and originals of {Count:N0} test images, {kilobytes:N0} KB before base64.");
    }

    private string Controls()
    {
        var html = new StringBuilder("<div style=\"margin-bottom: 6px\">window [−r, r)², r = <select data-part=\"range\">");
        foreach (var r in new[] { 1, 1.5, 2, 3, 4, 6 }.Append(Range).Distinct().Order())
            html.Append(string.Create(CultureInfo.InvariantCulture, $"<option value=\"{r}\"{(r == Range ? " selected" : "")}>{r}</option>"));
        html.Append("</select>");
        if (ZDim > 2)
        {
            html.Append(" · plane: ").Append(DimSelect("dim1", Dim1)).Append(" across, ").Append(DimSelect("dim2", Dim2)).Append(" up")
                .Append($" · the others at μ of test image #<input data-part=\"held\" type=\"number\" style=\"width: 5em\" value=\"{indices[Held]}\">");
        }
        return html.Append("</div>\n").ToString();
    }

    private string DimSelect(string part, int selected)
    {
        var html = new StringBuilder($"<select data-part=\"{part}\">");
        for (var j = 0; j < ZDim; j++)
            html.Append($"<option value=\"{j}\"{(j == selected ? " selected" : "")}>z{Subscript(j)}</option>");
        return html.Append("</select>").ToString();
    }

    private string Legend() => string.Concat(labels.Distinct().Order().Select(l =>
        $"<span style=\"margin-right: 8px; white-space: nowrap\"><span style=\"display: inline-block; width: 9px; height: 9px; border-radius: 50%; "
        + $"background: {Style.Color(l)}\"></span> {WebUtility.HtmlEncode(classNames[l])}</span>"));

    // Canvases keep the image's own pixels (what the tests read back) and are enlarged, unsmoothed, by CSS.
    private static string Canvas(string part, int width, int height, double scale) => string.Create(CultureInfo.InvariantCulture,
        $"<canvas data-part=\"{part}\" width=\"{width}\" height=\"{height}\" style=\"width: {width * scale}px; height: {height * scale}px; image-rendering: pixelated; background: #000; display: inline-block\"></canvas>");

    private JsonObject Data() => new()
    {
        ["zDim"] = ZDim,
        ["dims"] = new JsonArray(Dim1, Dim2),
        ["range"] = Range,
        ["held"] = Held,
        ["layers"] = new JsonArray(decoder.Select(l => (JsonNode)new JsonObject { ["in"] = l.InFeatures, ["out"] = l.OutFeatures }).ToArray()),
        ["precision"] = Precision == WeightPrecision.Float16 ? "float16" : "float32",
        ["labels"] = Style.Numbers(labels),
        ["indices"] = Style.Numbers(indices),
        ["classNames"] = new JsonArray(classNames.Select(c => (JsonNode?)c).ToArray()),
        ["palette"] = new JsonArray(Style.Palette.Select(c => (JsonNode?)c).ToArray()),
    };

    // Base64 needs no escaping in a script ("+" and "/" are the only signs), while the JSON encoder would write
    // every "+" as \u002B and grow the weights by a tenth; so the large arrays travel as plain string literals.
    private string Blobs() =>
        $"{{ weights: \"{Convert.ToBase64String(WeightBytesOf())}\", codes: \"{Convert.ToBase64String(MemoryMarshal.AsBytes(codes.AsSpan()))}\", "
        + $"originals: \"{Convert.ToBase64String(originals)}\" }}";

    // Layer by layer, weight rows then bias, little-endian (the byte order of every platform .NET and browsers run on).
    private byte[] WeightBytesOf()
    {
        var values = decoder.SelectMany(l => l.Weight.Concat(l.Bias)).ToArray();
        return Precision == WeightPrecision.Float16
            ? MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    private static void CheckDecoder(IReadOnlyList<LinearWeights> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("The decoder has no layers.", nameof(layers));
        for (var i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            if (l.Weight.Length != (long)l.InFeatures * l.OutFeatures || l.Bias.Length != l.OutFeatures)
                throw new ArgumentException($"Decoder layer {i} ({l.InFeatures} → {l.OutFeatures}) has {l.Weight.Length} weights and {l.Bias.Length} biases.", nameof(layers));
            if (i > 0 && layers[i - 1].OutFeatures != l.InFeatures)
                throw new ArgumentException($"Decoder layer {i} takes {l.InFeatures} inputs but layer {i - 1} gives {layers[i - 1].OutFeatures}.", nameof(layers));
        }
        if (layers[^1].OutFeatures != Pixels)
            throw new ArgumentException($"The decoder must end in {Pixels} logits (28 × 28); it gives {layers[^1].OutFeatures}.", nameof(layers));
    }

    private static string Subscript(int i) =>
        string.Concat((i + 1).ToString(CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));

    // The page script ships inside this assembly; "</script" cannot occur in it (checked by a test).
    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(LatentExplorer).Assembly.GetManifestResourceStream("Vae.Figures.LatentExplorer.js")
            ?? throw new InvalidOperationException("Vae.dll lacks its LatentExplorer.js resource; rebuild the helper assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });
}
