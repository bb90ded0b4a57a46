using System.CommandLine;
using Vae.Data;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>`vae eval CHECKPOINT`: the test −ELBO of a saved model and its two parts.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = Options.Checkpoint();
        var device = Options.Device();
        var samples = new Option<int>("--samples") { Description = "Samples of z per test image.", DefaultValueFactory = _ => 1 };
        var seed = Options.Seed("the sampled z");
        var testSubset = new Option<int?>("--test-subset") { Description = "Evaluate on the first N test images only." };
        var command = new Command("eval", "Print the test −ELBO of a checkpoint with its reconstruction and KL parts (nats per image).")
        {
            checkpoint, device, samples, seed, testSubset,
        };
        command.SetAction(parsed => Cli.Guard("vae eval", () =>
        {
            using var saved = SavedModel.Open(parsed, checkpoint, device);
            var config = (saved.Info.Config with { Samples = parsed.GetValue(samples), Objective = Objective.Elbo }).Validate();   // the ELBO even of an auto-encoder
            using var test = Dataset.Load(saved.Info.Config.Dataset, Split.Test, saved.Device, parsed.GetValue(testSubset));
            TorchSharp.torch.manual_seed(parsed.GetValue(seed));
            var s = Evaluation.Evaluate(saved.Model, test, config);
            Console.WriteLine($"{saved.Info.Model}, epoch {saved.Info.Epoch}, {test.Name} ({test.Count:N0} images), device {saved.Device}");
            Console.WriteLine($"test −ELBO {s.Loss:F2} nats = reconstruction {s.Reconstruction:F2} + β·KL {config.Beta * s.Kl:F2} (KL {s.Kl:F2}, β {config.Beta})");
            return 0;
        }));
        return command;
    }
}
