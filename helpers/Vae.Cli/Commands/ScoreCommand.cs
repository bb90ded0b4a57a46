using System.CommandLine;
using System.Globalization;
using System.Text;
using Vae.Analysis;
using Vae.Data;
using Vae.Torch;
using Vae.Core;

namespace Vae.Cli.Commands;

/// <summary>
/// `vae score CHECKPOINT`: one line per image with its −ELBO (the anomaly score of notebook 7) and, with --k above 1,
/// the importance-sampled −log p̂_k(x), as CSV.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var checkpoint = Options.Checkpoint();
        var dataset = new Option<string?>("--dataset") { Description = "Images to score: mnist or fashion-mnist (default: the checkpoint's)." };
        dataset.AcceptOnlyFromAmong("mnist", "fashion-mnist");
        var split = new Option<string>("--split") { Description = "test or train.", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("test", "train");
        var k = new Option<int>("--k") { Description = "Importance samples per image for −log p(x); 1 writes −ELBO only.", DefaultValueFactory = _ => 1 }
            .InRange(1, 100_000);
        var subset = Options.Subset("images");
        var seed = Options.Seed("the sampled z");
        var device = Options.Device();
        var output = new Option<string?>("--out") { Description = "CSV file to write (default: <checkpoint>/scores-<dataset>-<split>.csv)." };
        var command = new Command("score", "Write per-image scores of a checkpoint as CSV: −ELBO, and −log p(x) by importance sampling when --k > 1.")
        {
            checkpoint, dataset, split, k, subset, seed, device, output,
        };
        command.SetAction(parsed => Cli.Guard("vae score", () =>
        {
            var samples = parsed.GetValue(k);
            using var saved = SavedModel.Open(parsed, checkpoint, device);
            var model = saved.Model;
            var name = parsed.GetValue(dataset) ?? saved.Info.Config.Dataset;
            var which = parsed.GetValue(split) == "train" ? Split.Train : Split.Test;
            var csv = parsed.GetValue(output) ?? Path.Combine(saved.RunFolder, $"scores-{name}-{parsed.GetValue(split)}.csv");
            using var data = Dataset.Load(name, which, saved.Device, parsed.GetValue(subset));
            TorchSharp.torch.manual_seed(parsed.GetValue(seed));
            var elbo = Scores.NegativeElbo(model, data);
            var logPx = samples > 1 ? Scores.NegativeLogLikelihood(model, data, samples) : null;
            var labels = data.Labels.ToArray<long>();

            var text = new StringBuilder(logPx is null ? "index,label,neg_elbo\n" : "index,label,neg_elbo,neg_log_px\n");
            for (var i = 0; i < data.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i},{labels[i]},{elbo[i]:R}");
                if (logPx is not null) text.Append(CultureInfo.InvariantCulture, $",{logPx[i]:R}");
                text.Append('\n');
            }
            AtomicFile.WriteAllText(csv, text.ToString());

            Console.WriteLine($"{saved.Info.Model}, epoch {saved.Info.Epoch}: scored {data.Count:N0} images of {data.Name} → {csv}");
            Console.WriteLine($"mean −ELBO {elbo.Average():F2} nats (one z per image)");
            if (logPx is not null)
                Console.WriteLine($"mean −log p(x) {logPx.Average():F2} nats (importance sampling, k = {samples}); the ELBO is {elbo.Average() - logPx.Average():F2} nats below it");
            return 0;
        }));
        return command;
    }
}
