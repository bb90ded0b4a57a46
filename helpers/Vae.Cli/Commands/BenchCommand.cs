using System.CommandLine;
using Vae.Bench;
using TorchSharp;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>`vae bench`: speed figures of the binding and of training, beside PyTorch's in the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var what = new Argument<string[]>("what") { Description = "Any of: gemm, op, train (default: gemm op train).", Arity = ArgumentArity.ZeroOrMore };
        what.AcceptOnlyFromAmong("gemm", "op", "train");
        var device = Options.Device();
        var (model, z, hidden, sigma) = (Options.Model(), Options.Z(), Options.Hidden(), Options.Sigma());
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run (epoch 1 is a warm-up; the others are measured). 10 also gives quality and RSS growth.", DefaultValueFactory = _ => 2 }
            .Refusing(e => e < 2 ? "--epochs must be at least 2 for bench train: epoch 1 is a warm-up." : null);
        var rounds = new Option<int>("--rounds") { Description = "Rounds in which ours, stock TorchSharp and PyTorch take turns, in rotating order.", DefaultValueFactory = _ => 5 }
            .AtLeast(1);
        var seed = Options.Seed("all three runs");
        var subset = Options.Subset("training images in each epoch");
        var threads = Options.Threads();
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
                pytorch = PyTorchReference.Find(CliEnvironment.Python, out var problem);
                Console.WriteLine(pytorch is null ? $"PyTorch reference unavailable: {problem}" : $"libtorch {torch.__version__} (ours) · PyTorch {pytorch.Version} (reference)");
            }
            Console.WriteLine(CpuInfo.Describe());
            var config = new TrainingConfig
            {
                Model = Options.ModelConfig(parsed, model, z, hidden, sigma),
                Device = parsed.GetValue(device)!,
                Subset = parsed.GetValue(subset),
                Seed = parsed.GetValue(seed),
                Threads = n,
            };
            var bench = new Benchmarks(Console.Out, pytorch, n, Vae.Torch.Devices.Parse(config.Device), typeof(BenchCommand).Assembly.Location);
            var chosen = parsed.GetValue(what) is { Length: > 0 } w ? w : ["gemm", "op", "train"];
            // The training comparison needs this run's GEMM rates (the bound, and whether PyTorch's BLAS is usable here).
            var gemm = chosen.Contains("gemm") || chosen.Contains("train") ? bench.Gemm() : default;
            if (chosen.Contains("op")) bench.TinyOp();
            if (chosen.Contains("train")) bench.Train(config.Validate(), parsed.GetValue(epochs), parsed.GetValue(rounds), gemm);
            return 0;
        }));
        command.Subcommands.Add(StockLoopCommand());
        return command;
    }

    /// <summary>`vae bench stock-loop`: the stock TorchSharp reference in its own process, for `vae bench train`.</summary>
    private static Command StockLoopCommand()
    {
        var (device, hidden, z, seed, subset, threads) = (Options.Device(), Options.Hidden(), Options.Z(), Options.Seed("the run"), Options.Subset("training images"), Options.Threads());
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 2 };
        var batchSize = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        // Accepted so that the three programs take one argument list; the stock loop is the lecture's MLP with softplus σ.
        var model = Options.Model();
        model.AcceptOnlyFromAmong("mlp");
        var sigma = Options.Sigma();
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
            var architecture = Options.ModelConfig(parsed, model, z, hidden, sigma);
            StockTorchSharpLoop.Run(train.Images, test.Images, architecture.Hidden, architecture.Z,
                parsed.GetValue(epochs), parsed.GetValue(batchSize), parsed.GetValue(seed), target);
            return 0;
        }));
        return command;
    }
}
