using System.Globalization;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Training;

namespace Vae;

/// <summary>
/// Models side by side, for the lecture's "what if" questions (architecture, σ parameterization, β, AE vs VAE):
/// a table and curves from the runs' checkpoints, and the same test images or the same prior codes through each model.
/// </summary>
public static class Comparison
{
    /// <summary>
    /// One row per run folder (a name under runs/, as Workbook.LoadOrTrain takes it): model, objective, parameters,
    /// epochs, seconds per epoch, and the last epoch's test reconstruction, KL and −ELBO = reconstruction + KL (β = 1,
    /// whatever β training used, so that runs compare; an auto-encoder has no KL term and no ELBO).
    /// </summary>
    public static HtmlTable Table(params string[] runs)
    {
        var rows = runs.Select(name =>
        {
            var info = Checkpoint.ReadInfo(Workbook.Run(name));
            var last = info.History[^1];
            var autoencoder = info.Config.Objective == "autoencoder";
            var parameters = info.Parameters.Values.Sum(shape => shape.Aggregate(1L, (a, b) => a * b));
            return (IReadOnlyList<string>)
            [
                name, info.Model, Objective(info.Config), parameters.ToString("N0", CultureInfo.InvariantCulture), info.Epoch.ToString(CultureInfo.InvariantCulture),
                info.History.Average(r => r.Seconds).ToString("F1", CultureInfo.InvariantCulture),
                last.TestReconstruction.ToString("F2", CultureInfo.InvariantCulture),
                autoencoder ? "—" : last.TestKl.ToString("F2", CultureInfo.InvariantCulture),
                autoencoder ? "—" : (last.TestReconstruction + last.TestKl).ToString("F2", CultureInfo.InvariantCulture),
            ];
        }).ToList();
        return new HtmlTable(["run", "model", "objective", "parameters", "epochs", "s / epoch", "test reconstruction", "test KL", "test −ELBO"], rows,
            "Test figures in nats per image after the last epoch (lower is better)");
    }

    /// <summary>Test −ELBO (reconstruction + KL) per epoch of each run, solid, and its KL part, dashed.</summary>
    public static Figure Curves(string title, params string[] runs)
    {
        var series = runs.SelectMany(name =>
        {
            var history = Checkpoint.ReadInfo(Workbook.Run(name)).History;
            var epochs = history.Select(r => (double)r.Epoch).ToArray();
            return new[]
            {
                new Series($"{name}: test −ELBO", epochs, history.Select(r => r.TestReconstruction + r.TestKl).ToArray()),
                new Series($"{name}: test KL", epochs, history.Select(r => r.TestKl).ToArray(), "dash"),
            };
        }).ToArray();
        var figure = Plots.Lines(title, "epoch", "nats per image (log scale)", series);
        // Runs that train alike draw on top of each other: earlier runs get wider lines and larger markers, so they show
        // around the later ones.
        for (var s = 0; s < figure.Data.Count; s++)
        {
            var wider = 2 * (runs.Length - 1 - s / 2);
            figure.Data[s]!["line"]!["width"] = 2 + wider;
            figure.Data[s]!["marker"]!["size"] = 6 + 2 * wider;
        }
        ((System.Text.Json.Nodes.JsonObject)figure.Layout["xaxis"]!)["dtick"] = 1;   // whole epochs
        // −ELBO is about a hundred times the KL: on a log axis both show their changes.
        ((System.Text.Json.Nodes.JsonObject)figure.Layout["yaxis"]!)["type"] = "log";
        return figure;
    }

    /// <summary>The test images at <paramref name="indices"/> (top row) and decode(μ(x)) of each model below, a row per model.</summary>
    public static Figure Reconstructions(Dataset data, int[] indices, params (string Name, VaeModel Model)[] models)
    {
        float[] originals;
        using (torch.NewDisposeScope())
            originals = data.Images.index_select(0, torch.tensor(indices.Select(i => (long)i).ToArray(), device: data.Device)).cpu().data<float>().ToArray();
        var rows = new List<float[]> { originals };
        foreach (var (_, model) in models)
            using (torch.NewDisposeScope())
            using (model.InferenceMode())
            {
                var x = torch.tensor(originals, [indices.Length, Dataset.Pixels], device: model.device);
                rows.Add(model.forward(x).cpu().data<float>().ToArray());
            }
        var images = rows.SelectMany(r => Enumerable.Range(0, indices.Length).Select(k => GrayImage.FromBatch(r, k))).ToList();
        return Plots.ImageGrid(images, indices.Length, ["original", .. models.Select(m => m.Name)],
            indices.Select(i => $"#{i}").ToList(), $"Reconstructions decode(μ(x)): {string.Join(" vs ", models.Select(m => m.Name))}");
    }

    /// <summary>
    /// <paramref name="count"/> samples from the prior through each model, a row per model; models of the same latent
    /// size decode the very same codes z ~ N(0, I) (libtorch's generator: seed it first).
    /// </summary>
    public static Figure Samples(int count, params (string Name, VaeModel Model)[] models)
    {
        var codes = new Dictionary<int, float[]>();
        var images = new List<GrayImage>();
        foreach (var (_, model) in models)
        {
            var d = model.z_dim;
            if (!codes.TryGetValue(d, out var z))
                using (var drawn = torch.randn([count, d])) codes[d] = z = drawn.data<float>().ToArray();
            var decoded = VaePlots.Decode(model, z);
            images.AddRange(Enumerable.Range(0, count).Select(k => GrayImage.FromBatch(decoded, k)));
        }
        return Plots.ImageGrid(images, count, models.Select(m => m.Name).ToList(), null,
            "Prior samples: the same z ~ N(0, I) through each model");
    }

    private static string Objective(TrainingConfig config) =>
        (config.Objective == "autoencoder" ? "auto-encoder (no KL)" : $"ELBO, β = {config.Beta.ToString(CultureInfo.InvariantCulture)}")
        + (config.Classes is { } classes ? $", classes {classes}" : "");
}
