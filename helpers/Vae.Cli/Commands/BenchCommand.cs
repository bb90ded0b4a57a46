using System.CommandLine;
using Vae.Cli.Bench;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Torch;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>`vae bench`: speed figures of the binding and of training, beside PyTorch's in the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var what = new Argument<string[]>("what") { Description = "Any of: gemm, op, train (default: gemm op train).", Arity = ArgumentArity.ZeroOrMore };
        what.AcceptOnlyFromAmong("gemm", "op", "train");
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var model = new Option<string>("--model") { Description = "mlp or conv.", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "conv");
        var hidden = new Option<string>("--hidden") { Description = "MLP hidden sizes (400 with --z 20 --sigma logvar is pytorch/examples').", DefaultValueFactory = _ => "500,500" };
        var z = new Option<int>("--z") { Description = "Latent dimensions.", DefaultValueFactory = _ => 2 };
        var sigma = new Option<string>("--sigma") { Description = "softplus or logvar.", DefaultValueFactory = _ => "softplus" };
        sigma.AcceptOnlyFromAmong("softplus", "logvar");
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run (epoch 1 is a warm-up; the median of the others is quoted). 10 also gives quality and RSS growth.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds in which ours, stock TorchSharp and PyTorch alternate.", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Seed of all three runs.", DefaultValueFactory = _ => 1 };
        var subset = new Option<int?>("--subset") { Description = "Training images per epoch (default: all 60,000)." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for both (0: one per core).", DefaultValueFactory = _ => 0 };
        var noPytorch = new Option<bool>("--no-pytorch") { Description = "Measure ours only." };
        var command = new Command("bench", "Speed: GEMM GFLOP/s, per-op overhead and seconds per training epoch, beside PyTorch's.")
        {
            what, device, model, hidden, z, sigma, epochs, rounds, seed, subset, threads, noPytorch,
        };
        command.SetAction(parsed => Cli.Guard("vae bench", () =>
        {
            var n = parsed.GetValue(threads) is > 0 and var t ? t : Environment.ProcessorCount;
            torch.set_num_threads(n);
            PyTorchReference? pytorch = null;
            if (!parsed.GetValue(noPytorch))
            {
                pytorch = PyTorchReference.Find(out var problem);
                Console.WriteLine(pytorch is null ? $"PyTorch reference unavailable: {problem}" : $"libtorch {torch.__version__} (ours) · PyTorch {pytorch.Version} (reference)");
            }
            var config = new TrainingConfig
            {
                Model = new ModelConfig { Kind = parsed.GetValue(model)!, Z = parsed.GetValue(z), Hidden = TrainCommand.ParseHidden(parsed.GetValue(hidden)!), Sigma = parsed.GetValue(sigma)! },
                Device = parsed.GetValue(device)!,
                Subset = parsed.GetValue(subset),
                Seed = parsed.GetValue(seed),
                Threads = n,
            };
            var bench = new Benchmarks(Console.Out, pytorch, n, Vae.Torch.Devices.Parse(config.Device));
            var chosen = parsed.GetValue(what) is { Length: > 0 } w ? w : ["gemm", "op", "train"];
            if (chosen.Contains("gemm")) bench.Gemm();
            if (chosen.Contains("op")) bench.TinyOp();
            if (chosen.Contains("train")) bench.Train(config.Validate(), parsed.GetValue(epochs), parsed.GetValue(rounds));
            return 0;
        }));
        command.Subcommands.Add(StockLoopCommand(device, hidden, z, seed, subset, threads));
        return command;
    }

    /// <summary>`vae bench stock-loop`: the stock TorchSharp reference in its own process, for `vae bench train`.</summary>
    private static Command StockLoopCommand(Option<string> device, Option<string> hidden, Option<int> z, Option<long> seed, Option<int?> subset, Option<int> threads)
    {
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 2 };
        var batchSize = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        // Accepted so that the three programs take one argument list; the stock loop is the lecture's MLP with softplus σ.
        var model = new Option<string>("--model") { DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp");
        var sigma = new Option<string>("--sigma") { DefaultValueFactory = _ => "softplus" };
        sigma.AcceptOnlyFromAmong("softplus");
        var command = new Command("stock-loop", "The stock TorchSharp training loop (bench/StockTorchSharpLoop.cs) that bench train measures ours against.")
        {
            Hidden = true,
        };
        foreach (var o in new Option[] { device, hidden, z, seed, subset, threads, epochs, batchSize, model, sigma }) command.Options.Add(o);
        command.SetAction(parsed => Cli.Guard("vae bench stock-loop", () =>
        {
            torch.set_num_threads(parsed.GetValue(threads) is > 0 and var t ? t : Environment.ProcessorCount);
            var target = Vae.Torch.Devices.Parse(parsed.GetValue(device)!);
            using var train = Vae.Data.Dataset.Load("mnist", Vae.Data.Split.Train, target, parsed.GetValue(subset));
            using var test = Vae.Data.Dataset.Load("mnist", Vae.Data.Split.Test, target);
            Vae.Bench.StockTorchSharpLoop.Run(train.Images, test.Images, TrainCommand.ParseHidden(parsed.GetValue(hidden)!), parsed.GetValue(z),
                parsed.GetValue(epochs), parsed.GetValue(batchSize), parsed.GetValue(seed), target);
            return 0;
        }));
        return command;
    }
}
