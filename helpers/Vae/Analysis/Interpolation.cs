using System.Globalization;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// Interpolation between two images a and b, two ways: in latent space, decode((1 − t)·μ(a) + t·μ(b)), which walks
/// through codes the decoder turns into digits; and in image space, (1 − t)·a + t·b, which only cross-fades pixels.
/// </summary>
public static class Interpolation
{
    /// <summary>(1 − t)·a + t·b for t = 0, 1/(steps − 1), …, 1: steps rows of a.Length values, the first a and the last b.</summary>
    public static float[] Linear(float[] a, float[] b, int steps)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length) throw new ArgumentException($"Both ends need the same length; got {a.Length} and {b.Length}.");
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), $"an interpolation needs at least 2 steps, got {steps}");
        var result = new float[steps * a.Length];
        for (var s = 0; s < steps; s++)
        {
            var t = (float)s / (steps - 1);
            for (var i = 0; i < a.Length; i++) result[s * a.Length + i] = (1 - t) * a[i] + t * b[i];
        }
        // Exactly the two ends, whatever the rounding of (1 − t)·a + t·b.
        a.CopyTo(result, 0);
        b.CopyTo(result, (steps - 1) * a.Length);
        return result;
    }

    /// <summary>Test images <paramref name="from"/> and <paramref name="to"/> interpolated in latent space (top row) and in image space (bottom row).</summary>
    public static Figure Figure(VaeModel model, Dataset data, int from, int to, int steps = 10, string? title = null)
    {
        data.CheckIndices(nameof(from), from, to);
        var d = model.z_dim;
        var mu = VaePlots.EncoderMeans(model, data, Math.Max(from, to) + 1);
        float[] a, b;
        using (torch.NewDisposeScope())
        {
            a = data.Images[from].cpu().data<float>().ToArray();
            b = data.Images[to].cpu().data<float>().ToArray();
        }
        var latent = VaePlots.Decode(model, Linear(mu[(from * d)..((from + 1) * d)], mu[(to * d)..((to + 1) * d)], steps));
        var pixels = Linear(a, b, steps);
        var images = Enumerable.Range(0, steps).Select(k => GrayImage.FromBatch(latent, k))
            .Concat(Enumerable.Range(0, steps).Select(k => GrayImage.FromBatch(pixels, k))).ToList();
        return Plots.ImageGrid(images, steps, ["latent space", "image space"],
            Enumerable.Range(0, steps).Select(s => $"t = {(double)s / (steps - 1):0.##}").ToList(),
            title ?? $"Test image #{from} → #{to}: latent space (above), image space (below)");
    }
}
