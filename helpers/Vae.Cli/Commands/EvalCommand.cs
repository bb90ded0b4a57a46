using System.CommandLine;
using Vae.Data;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>`vae eval CHECKPOINT`: the test −ELBO of a saved model and its two parts.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A run folder written by `vae train` (or its checkpoint.json)." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var samples = new Option<int>("--samples") { Description = "Samples of z per test image.", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed for the sampled z.", DefaultValueFactory = _ => 1 };
        var testSubset = new Option<int?>("--test-subset") { Description = "Evaluate on the first N test images only." };
        var command = new Command("eval", "Print the test −ELBO of a checkpoint with its reconstruction and KL parts (nats per image).")
        {
            checkpoint, device, samples, seed, testSubset,
        };
        command.SetAction(parsed => Cli.Guard("vae eval", () =>
        {
            var path = parsed.GetValue(checkpoint)!;
            var info = Checkpoint.ReadInfo(path);
            var target = Vae.Torch.Devices.Parse(parsed.GetValue(device)!);
            using var model = Checkpoint.LoadModel(path, target);
            using var test = Dataset.Load(info.Config.Dataset, Split.Test, target, parsed.GetValue(testSubset));
            TorchSharp.torch.manual_seed(parsed.GetValue(seed));
            var s = Evaluation.Evaluate(model, test, parsed.GetValue(samples), info.Config.Beta);
            Console.WriteLine($"{info.Model}, epoch {info.Epoch}, {test.Name} ({test.Count:N0} images), device {target}");
            Console.WriteLine($"test −ELBO {s.Loss:F2} nats = reconstruction {s.Reconstruction:F2} + β·KL {info.Config.Beta * s.Kl:F2} (KL {s.Kl:F2}, β {info.Config.Beta})");
            return 0;
        }));
        return command;
    }
}
