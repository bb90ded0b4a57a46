using TorchSharp;
using Vae.Data;
using Vae.Models;
using Vae.Training;
using static TorchSharp.torch;
using Vae.Drawing;
using Vae.Drawing.Explorer;

namespace Vae.Figures;

/// <summary>
/// The lecture's figures of a trained model, computed as notebooks 2–4 write them out cell by cell: for `vae figures`
/// and for notebooks that compare several models. Forward passes run in the model's inference mode.
/// </summary>
public static class LectureFigures
{
    /// <summary>
    /// Task 2: the encoder means μ of the first <paramref name="count"/> images, coloured by label. With z &gt; 2 the
    /// plane is μ's first two principal components, and the title says how much of the variance they hold.
    /// </summary>
    public static Figure Encoding(VaeModel model, Dataset data, int count = 1000, string? title = null)
    {
        using var scope = NewDisposeScope();
        var n = Math.Min(count, data.Count);
        var z_mu = model.Batched(data.Images[..n], x => model.encode(x).mu);   // n × d
        if (model.z_dim == 2)
            return Plot.Scatter(z_mu[.., 0], z_mu[.., 1], data.Labels[..n], title ?? $"Learned encoding: μ of {n:N0} {data.Name} images",
                "z₁", "z₂", data.Source.ClassNames);
        // Principal components: the right singular vectors of the centred codes, by decreasing variance.
        var centred = z_mu - z_mu.mean([0]);
        var (_, s, vh) = linalg.svd(centred, fullMatrices: false);
        var pc = centred.matmul(vh[..2].t());                                     // n × 2
        var explained = (s[..2].square().sum() / s.square().sum()).item<float>();
        return Plot.Scatter(pc[.., 0], pc[.., 1], data.Labels[..n],
            title ?? $"Learned encoding (z = {model.z_dim}): μ of {n:N0} {data.Name} images on its first two principal components ({explained:P0} of the variance)",
            "PC 1 of μ", "PC 2 of μ", data.Source.ClassNames);
    }

    /// <summary>Task 3: the images at <paramref name="indices"/> (top row) above their reconstructions decode(μ(x)).</summary>
    public static Figure Reconstructions(VaeModel model, Dataset data, int[] indices, string? title = null) =>
        ReconstructionRows(data, indices, title ?? "Learned decoding: originals and reconstructions decode(μ(x))", ["original", "reconstruction"], model);

    /// <summary>The images at <paramref name="indices"/> (top row) and decode(μ(x)) of each model below, a row per model.</summary>
    internal static Figure ReconstructionRows(Dataset data, int[] indices, string title, IReadOnlyList<string> rowLabels, params VaeModel[] models)
    {
        data.CheckIndices(nameof(indices), indices);
        using var scope = NewDisposeScope();
        var x = data.Images[torch.tensor(indices.Select(i => (long)i).ToArray(), device: data.Device)];
        var rows = models.Select(m => m.Batched(x.to(m.device), m.reconstruct).cpu()).Prepend(x.cpu());
        return Plot.Images(cat(rows.ToArray()), indices.Length, title, rowLabels, [.. indices.Select(i => $"#{i}")]);
    }

    /// <summary>
    /// Task 4: z₁ and z₂ over arange(lo, hi, step) (the lecture's [−1, 1) in steps of 0.1: 20 × 20), decoded and tiled with
    /// z₁ growing to the right and z₂ upwards, as in the encoding's scatter. With z &gt; 2 the other coordinates are 0.
    /// </summary>
    public static Figure LatentSpace(VaeModel model, double lo = -1, double hi = 1, double step = 0.1, string? title = null)
    {
        using var scope = NewDisposeScope();
        var z_range = arange(lo, hi, step, device: model.device);
        var n = z_range.shape[0];
        var z_grid = zeros(n * n, model.z_dim, device: model.device);
        z_grid[.., ..2] = stack(meshgrid([z_range, z_range.flip(0)], indexing: "xy"), dim: -1).reshape(n * n, 2);
        var x_grid = model.Batched(z_grid, z => model.decode(z).sigmoid());                   // n² × 784
        var image = x_grid.reshape(n, n, 28, 28).swapaxes(1, 2).reshape(n * 28, n * 28);
        var plane = model.z_dim == 2 ? "" : ", the other coordinates 0";
        return Plot.Image(image, title ?? $"Learned latent space: decode(z) for z ∈ [{lo}, {hi})², step {step}{plane}",
            z_range, z_range.flip(0), "z₁", "z₂");
    }

    /// <summary>New images: decode(z) for <paramref name="count"/> draws z ~ N(0, I) from libtorch's generator (seed it first).</summary>
    public static Figure PriorSamples(VaeModel model, int count = 64, string? title = null)
    {
        using var scope = NewDisposeScope();
        var z = randn(count, model.z_dim, device: model.device);
        var samples = model.Batched(z, z => model.decode(z).sigmoid());
        return Plot.Images(samples, (int)Math.Ceiling(Math.Sqrt(count)), title ?? "Prior samples: decode(z), z ~ N(0, I)");
    }

    /// <summary>
    /// The live latent explorer (<see cref="LatentExplorer"/>) of an MLP VAE over the first <paramref name="count"/> images of
    /// <paramref name="data"/>. For z &gt; 2 the plane is coordinates <paramref name="dim1"/>, <paramref name="dim2"/> (0-based)
    /// and the others are held at μ of image <paramref name="held"/>. <paramref name="precision"/> null: float16 where its
    /// measured error stays under <see cref="LatentExplorer.Float16Tolerance"/>, else float32.
    /// </summary>
    public static LatentExplorer Explorer(VaeModel model, Dataset data, int count = 1000, double range = 1, int dim1 = 0, int dim2 = 1,
        int held = 0, WeightPrecision? precision = null, string? title = null)
    {
        if (model is not MlpVae mlp)
            throw new NotSupportedException(
                $"The latent explorer evaluates MLP decoders (Linear + ReLU layers) in the page; this is a {model.GetType().Name}, whose "
                + "transposed convolutions and batch normalization it does not implement. LectureFigures.LatentSpace(model) decodes its grid.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "the explorer scatters at least one test image");
        using var scope = NewDisposeScope();
        var n = Math.Min(count, data.Count);
        var x = data.Images[..n];
        return LatentExplorer.Of(mlp.DecoderLayers(), z => model.Batched(z, z => model.decode(z).sigmoid()), model.Batched(x, b => model.encode(b).mu),
            data.Labels[..n], x, data.Source.ClassNames, range, dim1, dim2, held, precision, title);
    }

    /// <summary>Train and test −ELBO per epoch, and the test reconstruction and KL parts.</summary>
    public static Figure TrainingCurves(IReadOnlyList<EpochRecord> history, string title = "Training: −ELBO per epoch (nats per image)")
    {
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        return Plot.Lines(title, "epoch", "nats per image",
        [
            new("train −ELBO", epochs, [.. history.Select(r => r.TrainLoss)]),
            new("test −ELBO", epochs, [.. history.Select(r => r.TestLoss)]),
            new("test reconstruction", epochs, [.. history.Select(r => r.TestReconstruction)], "dot"),
            new("test KL", epochs, [.. history.Select(r => r.TestKl)], "dash"),
        ]);
    }

    /// <summary>A hand-written loop's curve as it trains: the running mean of the training loss, and the test −ELBO after each epoch, dashed.</summary>
    public static Figure TrainingCurves(TrainingLog log) => Plot.Lines("Training: −ELBO (nats per image)", "epoch", "nats per image",
    [
        new($"train −ELBO, running mean of {log.Every} steps", [.. log.Steps.Select(s => s.Epoch)], [.. log.Steps.Select(s => s.Loss)]),
        new("test −ELBO", [.. log.History.Select(h => (double)h.Epoch)], [.. log.History.Select(h => h.TestLoss)], "dash"),
    ]);
}
