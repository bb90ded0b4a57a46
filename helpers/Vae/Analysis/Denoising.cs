using System.Globalization;
using TorchSharp;
using Vae.Figures;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// A VAE as a denoiser: encode the damaged image x̃, decode the mean code, x̂ = decode(μ(x̃)). The decoder can only draw
/// images like its training digits, so damage it never saw tends to be left out. Errors are squared errors against the
/// clean image x, summed over the 784 pixels and averaged over images.
/// </summary>
public static class Denoising
{
    /// <summary>Σ over pixels of (a − b)², averaged over the images.</summary>
    public static double SquaredError(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).square().sum(1).mean().ToDouble();
    }

    /// <summary>For each corruption: the error of the damaged images and of their reconstructions; the clean images' own reconstruction error first.</summary>
    public static HtmlTable Table(VaeModel model, Tensor clean, params (string Name, Tensor Corrupted)[] corruptions)
    {
        static string OneDecimal(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        using var scope = NewDisposeScope();
        var rows = new List<IReadOnlyList<string>> { new[] { "none (clean x)", OneDecimal(0), OneDecimal(SquaredError(model.Batched(clean, model.reconstruct), clean)) } };
        foreach (var (name, corrupted) in corruptions)
            rows.Add([name, OneDecimal(SquaredError(corrupted, clean)), OneDecimal(SquaredError(model.Batched(corrupted, model.reconstruct), clean))]);
        return new HtmlTable(["corruption", "error of x̃", "error of decode(μ(x̃))"], rows,
            $"Squared error against the clean image, summed over 784 pixels, mean over {clean.shape[0]:N0} test images");
    }

    /// <summary>The first <paramref name="count"/> images: clean, then for each corruption a damaged row and its reconstruction.</summary>
    public static Figure Figure(VaeModel model, Tensor clean, int count, params (string Name, Tensor Corrupted)[] corruptions)
    {
        using var scope = NewDisposeScope();
        var rows = new List<(string Label, Tensor Images)> { ("clean x", clean[..count]) };
        foreach (var (name, corrupted) in corruptions)
        {
            rows.Add((name, corrupted[..count]));
            rows.Add(("decode(μ(x̃))", model.Batched(corrupted[..count], model.reconstruct)));
        }
        return Plot.Images(cat(rows.Select(r => r.Images).ToArray()), count,
            "Denoising: damaged test images x̃ and the VAE's reconstructions decode(μ(x̃))", [.. rows.Select(r => r.Label)]);
    }
}
