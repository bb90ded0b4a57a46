using Vae.Core;
using System.Globalization;
using TorchSharp;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// Walks through the latent space, decoded: a traversal changes one coordinate of a code at a time; an interpolation
/// follows the straight line between the codes of two images, against the cross-fade of their pixels.
/// </summary>
public static class LatentPaths
{
    /// <summary>
    /// Around μ(x) of image <paramref name="index"/>: each coordinate in turn takes <paramref name="steps"/> values from lo to
    /// hi (the prior's mass lies within ±3) with the others fixed, decoded, one row per coordinate.
    /// </summary>
    public static Figure Traversal(VaeModel model, Dataset data, int index = 0, double lo = -3, double hi = 3, int steps = 9, string? title = null)
    {
        data.CheckIndices(nameof(index), index);
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), $"a traversal needs at least 2 values, got {steps}");
        using var scope = NewDisposeScope();
        var d = model.z_dim;
        var mu = model.Batched(data.Images[index..(index + 1)], x => model.encode(x).mu)[0];        // d
        var values = linspace(lo, hi, steps, device: model.device);                                     // steps
        var eye = torch.eye(d, device: model.device).unsqueeze(1);                                      // d × 1 × d
        var codes = mu * (1 - eye) + values.view(1, steps, 1) * eye;                                    // d × steps × d: row j sets z_j
        var images = model.Batched(codes.reshape(d * steps, d), z => model.decode(z).sigmoid());
        return Plot.Images(images, steps, title ?? $"Latent traversal (z = {d}): one coordinate from {lo} to {hi}, the others at μ(x) of test image #{index}",
            [.. Enumerable.Range(1, d).Select(j => $"z{Style.Subscript(j)}")], [.. values.ToArray<float>().Select(v => v.ToString("0.##", CultureInfo.InvariantCulture))]);
    }

    /// <summary>
    /// Images a and b at <paramref name="from"/> and <paramref name="to"/>: decode((1 − t)·μ(a) + t·μ(b)) in latent space
    /// (top row) and (1 − t)·a + t·b in image space (bottom row), for t from 0 to 1.
    /// </summary>
    public static Figure Interpolation(VaeModel model, Dataset data, int from, int to, int steps = 10, string? title = null)
    {
        data.CheckIndices(nameof(from), from, to);
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), $"an interpolation needs at least 2 steps, got {steps}");
        using var scope = NewDisposeScope();
        var x = data.Images[torch.tensor(new long[] { from, to }, device: data.Device)];                // 2 × 784
        var mu = model.Batched(x, b => model.encode(b).mu);                                             // 2 × d
        var t = linspace(0, 1, steps, device: data.Device).unsqueeze(1);                                 // steps × 1
        var latent = model.Batched(mu[0].lerp(mu[1], t), z => model.decode(z).sigmoid());
        var pixels = x[0].lerp(x[1], t);
        return Plot.Images(cat([latent, pixels]), steps, title ?? $"Test image #{from} → #{to}: latent space (above), image space (below)",
            ["latent space", "image space"], [.. Enumerable.Range(0, steps).Select(s => $"t = {(double)s / (steps - 1):0.##}")]);
    }
}
