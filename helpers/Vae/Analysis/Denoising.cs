using System.Globalization;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// A VAE as a denoiser: encode the damaged image x̃, decode the mean code, x̂ = decode(μ(x̃)). The decoder can only
/// draw images like its training digits, so damage it never saw tends to be left out. Errors are squared errors
/// against the clean image x, summed over the 784 pixels and averaged over images.
/// </summary>
public static class Denoising
{
    /// <summary>x̂ = decode(μ(x̃)) as pixel probabilities, in batches, in eval mode without gradients.</summary>
    public static Tensor Reconstruct(VaeModel model, Tensor x, int batchSize = 1000)
    {
        using var inference = model.InferenceMode();
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < x.shape[0]; start += batchSize)
            {
                using var batch = x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start));
                parts.Add(model.forward(batch).DetachFromDisposeScope());
            }
            return torch.cat(parts);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    /// <summary>Σ over pixels of (a − b)², averaged over the images of the batch.</summary>
    public static double SquaredError(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a - b).square().sum(1).mean().ToDouble();
    }

    /// <summary>For each corruption: the error of the damaged images and of their reconstructions; the clean images' own reconstruction error first.</summary>
    public static HtmlTable Table(VaeModel model, Tensor clean, params (string Name, Tensor Corrupted)[] corruptions)
    {
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        using var cleanReconstruction = Reconstruct(model, clean);
        var rows = new List<IReadOnlyList<string>> { new[] { "none (clean x)", F(0), F(SquaredError(cleanReconstruction, clean)) } };
        foreach (var (name, corrupted) in corruptions)
        {
            using var reconstruction = Reconstruct(model, corrupted);
            rows.Add([name, F(SquaredError(corrupted, clean)), F(SquaredError(reconstruction, clean))]);
        }
        return new HtmlTable(["corruption", "error of x̃", "error of decode(μ(x̃))"], rows,
            $"Squared error against the clean image, summed over 784 pixels, mean over {clean.shape[0]:N0} test images");
    }

    /// <summary>The first <paramref name="count"/> images: clean, then for each corruption a damaged row and its reconstruction.</summary>
    public static Figure Figure(VaeModel model, Tensor clean, int count, params (string Name, Tensor Corrupted)[] corruptions)
    {
        using var scope = torch.NewDisposeScope();
        var rows = new List<(string Label, float[] Pixels)> { ("clean x", clean.narrow(0, 0, count).cpu().data<float>().ToArray()) };
        foreach (var (name, corrupted) in corruptions)
        {
            var damaged = corrupted.narrow(0, 0, count);
            rows.Add((name, damaged.cpu().data<float>().ToArray()));
            rows.Add(("decode(μ(x̃))", Reconstruct(model, damaged).cpu().data<float>().ToArray()));
        }
        var images = rows.SelectMany(r => Enumerable.Range(0, count).Select(k => GrayImage.FromBatch(r.Pixels, k))).ToList();
        return Plots.ImageGrid(images, count, rows.Select(r => r.Label).ToList(), null,
            "Denoising: damaged test images x̃ and the VAE's reconstructions decode(μ(x̃))");
    }
}
