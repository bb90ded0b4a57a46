using static TorchSharp.torch;
using Vae.Core;
using Vae.Drawing.Html;

namespace Vae.Drawing.Explorer;

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
    /// <summary>Float16 weights are used only while they change no pixel by a gray level or more.</summary>
    public const double Float16Tolerance = 1.0 / 255;

    /// <summary>
    /// The explorer of an MLP decoder, given as its Linear <paramref name="linear"/> (weight, bias) (for the page) and as <paramref name="decode"/>,
    /// z ↦ its pixels sigmoid(logits) (to measure what float16 weights change), over test images <paramref name="x"/> (N × 784)
    /// with encoder means <paramref name="mu"/> (N × z) and <paramref name="labels"/>. For z &gt; 2 the plane is coordinates
    /// <paramref name="dim1"/>, <paramref name="dim2"/> (0-based) and the others are held at μ of image <paramref name="held"/>.
    /// <paramref name="precision"/> null: float16 where its measured error stays under <see cref="Float16Tolerance"/>, else float32.
    /// </summary>
    public static LatentExplorer Of(IReadOnlyList<(Tensor weight, Tensor bias)> linear, Func<Tensor, Tensor> decode, Tensor mu, Tensor labels, Tensor x,
        IReadOnlyList<string> classNames, double range = 1, int dim1 = 0, int dim2 = 1, int held = 0, WeightPrecision? precision = null, string? title = null)
    {
        IReadOnlyList<LinearWeights> layers = [.. linear.Select(l => LinearWeights.From(l.weight, l.bias))];
        var explorer = new LatentExplorer(layers, mu.ToArray<float>(), labels.ToArray<int>(), [.. Enumerable.Range(0, (int)labels.shape[0])],
            x.ToArray<float>(), classNames, WeightPrecision.Float32, null, range, dim1, dim2, held, title);
        using var scope = NewDisposeScope();
        var error = LatentExplorerPage.PixelError(decode, LatentExplorerPage.Round(layers, WeightPrecision.Float16),
            LatentExplorerPage.ProbeCodes(mu, held, range, dim1, dim2));
        explorer.Precision = precision ?? (error < Float16Tolerance ? WeightPrecision.Float16 : WeightPrecision.Float32);
        explorer.MeasuredPixelError = explorer.Precision == WeightPrecision.Float16 ? error : 0;
        return explorer;
    }

    /// <param name="decoder">The decoder's Linear layers in order; ReLU between them, sigmoid on the last one's logits.</param>
    /// <param name="codes">μ of the test images, N × z row-major.</param>
    /// <param name="labels">Each image's class, an index into <paramref name="classNames"/>.</param>
    /// <param name="indices">Each image's index in its data set, as hover and captions name it.</param>
    /// <param name="originals">The images, N × 784 values in [0, 1].</param>
    /// <param name="precision">How the weights are embedded; Float16 rounds them here, once.</param>
    /// <param name="pixelError">The measured largest pixel error of the embedded weights against float32, if known.</param>
    /// <param name="range">The plane shows [−range, range)² at first; the lecture's grid is range 1.</param>
    /// <param name="held">For z &gt; 2: the image (position in <paramref name="codes"/>) whose μ holds the other coordinates.</param>
    internal LatentExplorer(IReadOnlyList<LinearWeights> decoder, float[] codes, int[] labels, int[] indices, float[] originals,
        IReadOnlyList<string> classNames, WeightPrecision precision = WeightPrecision.Float32, double? pixelError = null,
        double range = 1, int dim1 = 0, int dim2 = 1, int held = 0, string? title = null)
    {
        LatentExplorerPage.Check(decoder, codes, labels, indices, originals, classNames, range, dim1, dim2, held);
        var (z, n) = (decoder[0].InFeatures, labels.Length);

        Decoder = decoder;
        Codes = codes;
        Labels = labels;
        Indices = indices;
        Originals = originals.Select(v => (byte)Math.Clamp(Math.Round(v * 255), 0, 255)).ToArray();
        ClassNames = classNames;
        MeasuredPixelError = pixelError;
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

    public WeightPrecision Precision { get; private set; }
    public double Range { get; }
    public int Dim1 { get; }
    public int Dim2 { get; }
    public int Held { get; }
    public string Title { get; }
    public int ZDim => Decoder[0].InFeatures;
    public int Count => Labels.Length;
    public long ParameterCount => Decoder.Sum(l => l.ParameterCount);

    // What the page embeds (LatentExplorerPage.cs writes it).
    internal IReadOnlyList<LinearWeights> Decoder { get; }
    internal float[] Codes { get; }
    internal int[] Labels { get; }
    internal int[] Indices { get; }
    internal byte[] Originals { get; }
    internal IReadOnlyList<string> ClassNames { get; }
    internal double? MeasuredPixelError { get; private set; }

    /// <summary>Bytes the weights take in the page before base64 (which adds a third).</summary>
    public long WeightBytes => ParameterCount * (Precision == WeightPrecision.Float16 ? 2 : 4);

    /// <summary>An HTML fragment (a div and its script), for a notebook output or a report page.</summary>
    public string ToHtml() => LatentExplorerPage.Html(this);

    /// <summary>A complete page: opens offline, on its own.</summary>
    public string ToStandaloneHtml() => FigureHtml.Page(Title, ToHtml());

    public void SaveHtml(string path) => AtomicFile.WriteAllText(path, ToStandaloneHtml());

    public override string ToString() => $"{Title} ({Count:N0} images, {ParameterCount:N0} decoder weights as {Precision})";
}
