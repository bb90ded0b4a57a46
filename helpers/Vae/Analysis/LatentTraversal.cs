using System.Globalization;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// Latent traversal: start from one code z, change a single coordinate z_j through a range of values with all
/// others fixed, and decode. One row per coordinate shows what each latent dimension controls; a dimension the
/// model does not use (its KL ≈ 0) gives a row that does not change.
/// </summary>
public static class LatentTraversal
{
    /// <summary>
    /// The codes, d·V × d row-major for d = start.Length coordinates and V values: row j·V + c is
    /// <paramref name="start"/> with coordinate j replaced by values[c].
    /// </summary>
    public static float[] Codes(float[] start, float[] values)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(values);
        var d = start.Length;
        var codes = new float[d * values.Length * d];
        for (var j = 0; j < d; j++)
            for (var c = 0; c < values.Length; c++)
            {
                var row = codes.AsSpan((j * values.Length + c) * d, d);
                start.CopyTo(row);
                row[j] = values[c];
            }
        return codes;
    }

    /// <summary>
    /// The traversal around μ(x) of image <paramref name="index"/> of the data set: each coordinate in turn takes
    /// <paramref name="steps"/> values from lo to hi (the prior's mass lies within ±3), decoded and tiled a row per coordinate.
    /// </summary>
    public static Figure Figure(VaeModel model, Dataset data, int index = 0, double lo = -3, double hi = 3, int steps = 9, string? title = null)
    {
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), $"a traversal needs at least 2 values, got {steps}");
        data.CheckIndices(nameof(index), index);
        var d = model.z_dim;
        var values = Enumerable.Range(0, steps).Select(i => (float)(lo + (hi - lo) * i / (steps - 1))).ToArray();
        var start = VaePlots.EncoderMeans(model, data, index + 1)[(index * d)..];
        var decoded = VaePlots.Decode(model, Codes(start, values));
        var images = Enumerable.Range(0, d * steps).Select(k => GrayImage.FromBatch(decoded, k)).ToList();
        return Plots.ImageGrid(images, steps,
            Enumerable.Range(1, d).Select(j => $"z{VaePlots.Subscript(j)}").ToList(),
            values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)).ToList(),
            title ?? $"Latent traversal (z = {d}): one coordinate from {lo} to {hi}, the others at μ(x) of test image #{index}");
    }
}
