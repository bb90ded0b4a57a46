using System.Globalization;
using TorchSharp;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using Vae.Training;
using static TorchSharp.torch;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// Models side by side, for the lecture's "what if" questions (architecture, σ head, β, AE vs VAE): a table and curves
/// from the runs' checkpoints, and the same test images or the same prior codes through each model.
/// </summary>
public static class Comparison
{
    /// <summary>
    /// One row per run folder (as <c>Workbook.RunFolder(name)</c> gives it), named by the folder: model, objective, parameters, epochs,
    /// seconds per epoch, and the last epoch's test reconstruction, KL and −ELBO = reconstruction + KL (β = 1, whatever
    /// β training used, so that runs compare; an auto-encoder has no KL term and no ELBO).
    /// </summary>
    public static HtmlTable Table(params string[] runs)
    {
        static string Invariant(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var rows = runs.Select(run =>
        {
            var info = Checkpoint.ReadInfo(run);
            var last = info.History[^1];
            var autoencoder = info.Config.Objective == Objective.Autoencoder;
            var parameters = info.Parameters.Values.Sum(shape => shape.Aggregate(1L, (a, b) => a * b));
            return (IReadOnlyList<string>)
            [
                Name(run), info.Model, Describe(info.Config), Invariant(parameters, "N0"), Invariant(info.Epoch, "0"), Invariant(info.History.Average(r => r.Seconds), "F1"),
                Invariant(last.TestReconstruction, "F2"), autoencoder ? "—" : Invariant(last.TestKl, "F2"), autoencoder ? "—" : Invariant(last.TestReconstruction + last.TestKl, "F2"),
            ];
        }).ToList();
        return new HtmlTable(["run", "model", "objective", "parameters", "epochs", "s / epoch", "test reconstruction", "test KL", "test −ELBO"], rows,
            "Test figures in nats per image after the last epoch (lower is better)");
    }

    /// <summary>
    /// Test −ELBO (reconstruction + KL) per epoch of each run folder, solid, and its KL part, dashed, on a log scale (−ELBO is
    /// about a hundred times the KL). Runs that train alike draw on top of each other, so earlier runs get wider lines.
    /// </summary>
    public static Figure Curves(string title, params string[] runs) => Plot.Lines(title, "epoch", "nats per image (log scale)",
        [.. runs.SelectMany((run, r) =>
        {
            var (name, history) = (Name(run), Checkpoint.ReadInfo(run).History);
            var epochs = history.Select(e => (double)e.Epoch).ToArray();
            var width = 2 + 2 * (runs.Length - 1 - r);
            return new Series[]
            {
                new($"{name}: test −ELBO", epochs, [.. history.Select(e => e.TestReconstruction + e.TestKl)], Width: width),
                new($"{name}: test KL", epochs, [.. history.Select(e => e.TestKl)], "dash", width),
            };
        })], logY: true);

    /// <summary>The images at <paramref name="indices"/> (top row) and decode(μ(x)) of each model below, a row per model.</summary>
    public static Figure Reconstructions(Dataset data, int[] indices, params (string Name, VaeModel Model)[] models) =>
        LectureFigures.ReconstructionRows(data, indices, $"Reconstructions decode(μ(x)): {string.Join(" vs ", models.Select(m => m.Name))}",
            ["original", .. models.Select(m => m.Name)], [.. models.Select(m => m.Model)]);

    /// <summary>
    /// <paramref name="count"/> samples from the prior through each model, a row per model; models of the same latent
    /// size decode the very same codes z ~ N(0, I) (libtorch's generator: seed it first).
    /// </summary>
    public static Figure Samples(int count, params (string Name, VaeModel Model)[] models)
    {
        using var scope = NewDisposeScope();
        var codes = new Dictionary<int, Tensor>();
        var rows = models.Select(m =>
        {
            var d = m.Model.z_dim;
            if (!codes.TryGetValue(d, out var z)) codes[d] = z = randn(count, d);
            return m.Model.Batched(z.to(m.Model.device), z => m.Model.decode(z).sigmoid()).cpu();
        }).ToArray();
        return Plot.Images(cat(rows), count, "Prior samples: the same z ~ N(0, I) through each model", [.. models.Select(m => m.Name)]);
    }

    private static string Name(string run) => Path.GetFileName(Path.TrimEndingDirectorySeparator(run));

    private static string Describe(TrainingConfig config) =>
        (config.Objective == Objective.Autoencoder ? "auto-encoder (no KL)" : $"ELBO, β = {config.Beta.ToString(CultureInfo.InvariantCulture)}")
        + (config.Classes is { } classes ? $", classes {classes}" : "");
}
