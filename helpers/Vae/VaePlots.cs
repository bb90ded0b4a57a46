using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Training;
using Vae.Torch;

namespace Vae;

/// <summary>
/// The lecture's figures from a trained model: task 2 (encoding), task 3 (decoding), task 4
/// (latent space), plus training curves and samples from the prior. Each returns a Plotly
/// <see cref="Figure"/> (image figures also save as PNG). The model is used in eval mode and
/// without gradients; its mode is left as it was.
/// </summary>
public static class VaePlots
{
    /// <summary>
    /// Task 2: the encoder means μ of the first <paramref name="count"/> images, coloured by label.
    /// For z > 2 the figure shows the first two principal components of μ and says so.
    /// </summary>
    public static Figure Encoding(VaeModel model, Dataset data, int count = 1000, string? title = null)
    {
        var n = Math.Min(count, data.Count);
        var mu = EncoderMeans(model, data, n);
        var labels = Labels(data, n);
        var z = model.z_dim;
        if (z == 2)
            return Plots.LatentScatter(mu, labels, title: title ?? $"Learned encoding: μ of {n:N0} {data.Name} images");
        var projected = Projection.PrincipalComponents(mu, n, z, out var explained);
        return Plots.LatentScatter(projected, labels,
            title: title ?? $"Learned encoding (z = {z}): μ of {n:N0} {data.Name} images on its first two principal components ({explained:P0} of the variance)",
            xTitle: "PC 1 of μ", yTitle: "PC 2 of μ");
    }

    /// <summary>Task 3: originals beside their reconstructions decode(μ(x)), for the given image indices.</summary>
    public static Figure Decoding(VaeModel model, Dataset data, params int[] indices)
    {
        if (indices.Length == 0) indices = Enumerable.Range(0, 10).ToArray();
        data.CheckIndices(nameof(indices), indices);
        float[] originals, reconstructions;
        using (torch.NewDisposeScope())
        using (model.InferenceMode())
        {
            var index = torch.tensor(indices.Select(i => (long)i).ToArray(), device: data.Device);
            var x = data.Images.index_select(0, index);
            originals = x.cpu().data<float>().ToArray();
            reconstructions = model.forward(x).cpu().data<float>().ToArray();
        }
        var labels = Labels(data, data.Count);
        return Plots.ImagePairs(
            indices.Select((_, k) => GrayImage.FromBatch(originals, k)).ToList(),
            indices.Select((_, k) => GrayImage.FromBatch(reconstructions, k)).ToList(),
            indices.Select(i => $"#{i} ({data.Source.ClassNames[labels[i]]})").ToList());
    }

    /// <summary>Task 4: the lecture's manifold — z over a grid (default [−1, 1) in steps of 0.1, 20 × 20) decoded and tiled.</summary>
    public static Figure LatentSpace(VaeModel model, double lo = -1, double hi = 1, double step = 0.1, int dim1 = 0, int dim2 = 1,
        string? title = null)
    {
        var grid = new LatentGrid(lo, hi, step);
        var decoded = DecodeGrid(model, grid, dim1, dim2);
        title ??= model.z_dim == 2
            ? $"Latent space: decode(z), z ∈ [{lo}, {hi})², step {step}"
            : $"Latent space: decode(z), z{Subscript(dim1 + 1)}, z{Subscript(dim2 + 1)} ∈ [{lo}, {hi}), step {step}, rest 0";
        return Plots.Manifold(grid.Tile(decoded), grid, title);
    }

    /// <summary>The decoded images of a grid's points, in tile order (Count × 784 values).</summary>
    public static float[] DecodeGrid(VaeModel model, LatentGrid grid, int dim1 = 0, int dim2 = 1)
    {
        if (dim1 == dim2 || dim1 < 0 || dim2 < 0 || dim1 >= model.z_dim || dim2 >= model.z_dim)
            throw new ArgumentException($"choose two different latent coordinates among 0 … {model.z_dim - 1}, got {dim1} and {dim2}");
        var pairs = grid.Z();
        var z = new float[grid.Count * model.z_dim];
        for (var k = 0; k < grid.Count; k++)
        {
            z[k * model.z_dim + dim1] = pairs[2 * k];
            z[k * model.z_dim + dim2] = pairs[2 * k + 1];
        }
        return Decode(model, z);
    }

    /// <summary>decode(z) as pixel probabilities for codes given row-major (N × z_dim), N × 784 values back.</summary>
    public static float[] Decode(VaeModel model, float[] codes)
    {
        if (codes.Length % model.z_dim != 0)
            throw new ArgumentException($"{codes.Length} values are not whole codes of {model.z_dim} coordinates", nameof(codes));
        using (torch.NewDisposeScope())
        using (model.InferenceMode())
            return model.decode_probs(torch.tensor(codes, [codes.Length / model.z_dim, model.z_dim], device: model.device)).cpu().data<float>().ToArray();
    }

    /// <summary>New digits: decode z ~ N(0, I), shown as a rows × cols grid of pixel probabilities.</summary>
    public static Figure PriorSamples(VaeModel model, int rows = 8, int cols = 8, string? title = null)
    {
        float[] images;
        using (torch.NewDisposeScope())
        using (model.InferenceMode())
            images = model.sample(rows * cols).cpu().data<float>().ToArray();
        return Plots.Image(Tiling.Tile(images, rows * cols, Dataset.ImageSize, Dataset.ImageSize, rows, cols, gap: 2),
            title ?? $"Prior samples: decode(z), z ~ N(0, I)");
    }

    /// <summary>Train and test −ELBO per epoch, and the test reconstruction and KL parts.</summary>
    public static Figure TrainingCurves(IReadOnlyList<EpochRecord> history, string title = "Training: −ELBO per epoch (nats per image)")
    {
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        return Plots.Lines(title, "epoch", "nats per image",
            new Series("train −ELBO", epochs, history.Select(r => r.TrainLoss).ToArray()),
            new Series("test −ELBO", epochs, history.Select(r => r.TestLoss).ToArray()),
            new Series("test reconstruction", epochs, history.Select(r => r.TestReconstruction).ToArray(), "dot"),
            new Series("test KL", epochs, history.Select(r => r.TestKl).ToArray(), "dash"));
    }

    /// <summary>Every parameter of a model: name, shape and number of values.</summary>
    public static HtmlTable Parameters(VaeModel model) => new(["parameter", "shape", "values"],
        model.named_parameters().Select(p => (IReadOnlyList<string>)[p.name, Shapes.Format(p.parameter.shape), p.parameter.numel().ToString("N0")]).ToList(),
        $"{model.Config}: {model.ParameterCount:N0} parameters");

    /// <summary>The encoder means μ of the first n images of a data set, N × z, as a row-major array.</summary>
    public static float[] EncoderMeans(VaeModel model, Dataset data, int n)
    {
        var result = new float[n * model.z_dim];
        using (model.InferenceMode())
            for (var start = 0; start < n; start += 1000)
            {
                using var scope = torch.NewDisposeScope();
                var length = Math.Min(1000, n - start);
                using var q = model.encode(data.Images.narrow(0, start, length));
                q.mu.cpu().data<float>().ToArray().CopyTo(result, start * model.z_dim);
            }
        return result;
    }

    private static int[] Labels(Dataset data, int n)
    {
        using var scope = torch.NewDisposeScope();
        return data.Labels.narrow(0, 0, n).cpu().data<long>().ToArray().Select(l => (int)l).ToArray();
    }

    /// <summary>z₁, z₁₂: a latent coordinate's number as a subscript.</summary>
    internal static string Subscript(int i) =>
        string.Concat(i.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}
