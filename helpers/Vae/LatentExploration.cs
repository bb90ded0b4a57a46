using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// Everything the in-page <see cref="LatentExplorer"/> needs from a trained model, computed through the model in
/// eval mode without gradients: μ of test images, the images, the decoder's weights, and how far float16 weights
/// would move the decoded pixels.
/// </summary>
public static class LatentExploration
{
    /// <summary>Float16 weights are used only while they change no pixel by a gray level or more.</summary>
    public const double Float16Tolerance = 1.0 / 255;

    /// <summary>
    /// The explorer for an MLP VAE over the first <paramref name="count"/> images of <paramref name="data"/>. For z &gt; 2
    /// the plane is coordinates <paramref name="dim1"/>, <paramref name="dim2"/> (0-based) and the others are held at μ of
    /// image <paramref name="held"/>. <paramref name="precision"/> null: float16 where its measured error stays under
    /// <see cref="Float16Tolerance"/>, else float32.
    /// </summary>
    public static LatentExplorer Explorer(VaeModel model, Dataset data, int count = 1000, double range = 1, int dim1 = 0, int dim2 = 1,
        int held = 0, WeightPrecision? precision = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (model is not MlpVae mlp)
            throw new NotSupportedException(
                $"The latent explorer evaluates MLP decoders (Linear + ReLU layers) in the page; this is a {model.GetType().Name}, whose "
                + "transposed convolutions and batch normalization it does not implement. VaePlots.LatentSpace(model) decodes its grid.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "the explorer scatters at least one test image");
        var d = model.z_dim;
        if (dim1 == dim2 || dim1 < 0 || dim2 < 0 || dim1 >= d || dim2 >= d)
            throw new ArgumentException($"choose two different latent coordinates among 0 … {d - 1}, got {dim1} and {dim2}");
        if (!double.IsFinite(range) || range <= 0) throw new ArgumentOutOfRangeException(nameof(range), range, "the window [−range, range)² needs a positive range");
        var n = Math.Min(count, data.Count);
        if (held < 0 || held >= n) throw new ArgumentOutOfRangeException(nameof(held), held, $"the held code is μ of one of the first {n} images shown (0 … {n - 1})");

        var mu = VaePlots.EncoderMeans(model, data, n);
        float[] images;
        int[] labels;
        using (torch.NewDisposeScope())
        {
            var (x, y) = data.Head(n);
            images = x.cpu().data<float>().ToArray();
            labels = y.cpu().data<long>().ToArray().Select(l => (int)l).ToArray();
        }
        var layers = mlp.DecoderLayers();
        var probes = ProbeCodes(mu, d, held, range, dim1, dim2);
        var error = PixelError(model, LatentExplorer.Round(layers, WeightPrecision.Float16), probes);
        var chosen = precision ?? (error < Float16Tolerance ? WeightPrecision.Float16 : WeightPrecision.Float32);
        return new LatentExplorer(layers, mu, labels, Enumerable.Range(0, n).ToArray(), images, data.Source.ClassNames, chosen,
            chosen == WeightPrecision.Float16 ? error : 0, range, dim1, dim2, held, title);
    }

    /// <summary>
    /// The largest |decode(z) − decode′(z)| over <paramref name="codes"/> (N × z), where decode′ is the MLP decoder with the
    /// given (e.g. rounded) weights: the pixel error, as a probability, that those weights cause.
    /// </summary>
    public static double PixelError(VaeModel model, IReadOnlyList<LinearWeights> layers, float[] codes)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var d = model.z_dim;
        if (codes.Length == 0 || codes.Length % d != 0) throw new ArgumentException($"{codes.Length} values are not whole codes of {d} coordinates", nameof(codes));
        using (torch.NewDisposeScope())
        using (model.InferenceMode())
        {
            var z = torch.tensor(codes, [codes.Length / d, d]);  // N × z, on the CPU like the layers
            var exact = model.decode_probs(z.to(model.device)).cpu();
            var h = z;
            for (var i = 0; i < layers.Count; i++)
            {
                var l = layers[i];
                h = nn.functional.linear(h, torch.tensor(l.Weight, [l.OutFeatures, l.InFeatures]), torch.tensor(l.Bias, [l.OutFeatures]));
                if (i < layers.Count - 1) h = nn.functional.relu(h);
            }
            return (h.sigmoid() - exact).abs().max().item<float>();
        }
    }

    // Where a class will point: every μ shown, and a 40 × 40 grid over the starting window (the others held at μ of `held`).
    private static float[] ProbeCodes(float[] mu, int d, int held, double range, int dim1, int dim2)
    {
        const int side = 40;
        var grid = new float[side * side * d];
        for (var k = 0; k < side * side; k++)
        {
            mu.AsSpan(held * d, d).CopyTo(grid.AsSpan(k * d, d));
            if (d == 2) grid[k * d] = grid[k * d + 1] = 0;
            grid[k * d + dim1] = (float)(-range + 2 * range * (k % side) / side);
            grid[k * d + dim2] = (float)(-range + 2 * range * (k / side) / side);
        }
        return [.. mu, .. grid];
    }
}
