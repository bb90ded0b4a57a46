using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Models;
using Vae.Training;

namespace Vae.Bench;

/// <summary>
/// The figures `vae bench` prints: ours and PyTorch's, measured in the same invocation, medians,
/// with their ratio. PyTorch is quoted twice where threads matter: as it runs by default, and
/// with OMP_WAIT_POLICY=PASSIVE, the one setting we change (see PyTorchReference).
/// </summary>
/// <param name="cli">The `vae` command's assembly, which trains "ours" and runs the stock loop in child processes.</param>
internal sealed class Benchmarks(TextWriter output, PyTorchReference? pytorch, int threads, Device device, string cli)
{
    private readonly bool cuda = device.type == DeviceType.CUDA;

    /// <summary>GPU work is queued; a timing must wait for it to finish.</summary>
    private void Synchronize()
    {
        if (cuda) torch.cuda.synchronize();
    }

    private static string Invariant(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);

    private void Line(string text) => output.WriteLine(text);

    /// <summary>
    /// Ours and PyTorch's alternately, a few rounds each, so that the machine's slow and fast
    /// moments fall on both; each round is a median over many calls, and the rounds' medians are quoted.
    /// </summary>
    private (double Ours, double? Theirs) Interleaved(int rounds, Func<double> ours, Func<double>? theirs)
    {
        var a = new List<double>();
        var b = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            a.Add(ours());
            if (theirs is not null) b.Add(theirs());
        }
        return (Measure.Median(a), theirs is null ? null : Measure.Median(b));
    }

    /// <summary>Ours and PyTorch's GFLOP/s for a size³ float32 product; PyTorch's is null where it was not measured.</summary>
    public (double Ours, double? Theirs) Gemm(int size = 1024, int reps = 20)
    {
        using var a = torch.randn([size, size], device: device);
        using var b = torch.randn([size, size], device: device);
        var flops = 2.0 * size * size * size;
        var (ours, theirs) = Interleaved(5,
            () => flops / Measure.Seconds(() => { using var c = a.matmul(b); Synchronize(); }, reps) / 1e9,
            pytorch is null ? null : () => PyTorchReference.Number(pytorch.Call(["gemm", "--size", $"{size}", "--reps", $"{reps}",
                "--threads", $"{threads}", "--device", cuda ? "cuda" : "cpu"], passiveOmp: false)[0], "gflops"));
        var text = $"GEMM {size}³ float32 on {device}{(cuda ? "" : $" ({threads} threads)")}: ours {Invariant(ours)} GFLOP/s";
        if (theirs is { } t) text += $"   PyTorch {Invariant(t)} GFLOP/s   ours/PyTorch {Invariant(ours / t, "F2")}";
        Line(text);
        return (ours, theirs);
    }

    public void TinyOp(int reps = 20000)
    {
        using var x = torch.ones([1], device: device);
        double Ours()
        {
            var batches = new double[20];
            for (var k = 0; k < batches.Length; k++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < reps / batches.Length; i++)
                {
                    using var y = x + 1;
                }
                batches[k] = clock.Elapsed.TotalSeconds / (reps / batches.Length);
            }
            return Measure.Median(batches) * 1e6;
        }
        var (ours, theirs) = Interleaved(5, Ours,
            pytorch is null ? null : () => PyTorchReference.Number(pytorch.Call(["op", "--reps", $"{reps}", "--threads", $"{threads}"], passiveOmp: false)[0], "op_us"));
        var text = $"tiny op (x + 1 on one element, create and free the result): ours {Invariant(ours, "F2")} µs";
        if (theirs is { } t) text += $"   PyTorch {Invariant(t, "F2")} µs   ours/PyTorch {Invariant(ours / t, "F2")}";
        Line(text);
    }

    /// <summary>
    /// Seconds per training epoch (its Adam steps, then the test −ELBO) of three programs that train the same model on the
    /// same data, each in its own process and measured the same way from inside, with its RSS read from outside: ours as
    /// users run it (`vae train`), the stock TorchSharp loop (bench/StockTorchSharpLoop.cs) and PyTorch
    /// (bench/pytorch_reference.py). Many short rounds, the programs' order rotating from round to round, so that the
    /// machine's slow and fast minutes fall on all of them; epoch 1 of every run is a warm-up. Quoted: medians with their
    /// range, ours over the others round by round (a ratio within a round is immune to the drift between rounds), and for
    /// the MLP the bound its matrix products put on an epoch at the GEMM rate measured in this run. Needs 2
    /// <paramref name="epochs"/> or more and a round or more; `vae bench`'s options refuse less.
    /// </summary>
    public void Train(TrainingConfig config, int epochs, int rounds, (double Ours, double? Theirs) gemm)
    {
        var trainImages = Math.Min(config.Subset ?? 60_000, 60_000);
        var steps = (trainImages + config.BatchSize - 1) / config.BatchSize;
        Line($"training: {config.Model}, batch {config.BatchSize}, {steps} steps an epoch, device {device}, {threads} threads; " +
             $"{rounds} round(s) of {epochs} epochs each, the order rotating; epoch = Adam steps + test −ELBO of 10,000 images");
        var programs = new List<(string Name, Func<int, Run> Start)>
        {
            ("ours (vae train)", round => Ours(config, epochs, round)),
            ("stock TorchSharp loop", _ => Stock(config, epochs)),
        };
        // A PyTorch whose BLAS runs at a small fraction of libtorch 2.10's on this CPU measures its BLAS, not the loop.
        if (pytorch is not null && gemm.Theirs is { } theirs && theirs < gemm.Ours / 2)
            Line($"  PyTorch {pytorch.Version} left out of the training comparison: its GEMM runs at {Invariant(theirs)} GFLOP/s against " +
                 $"libtorch's {Invariant(gemm.Ours)} on this CPU, so its epochs would time its BLAS build, not the training loop.");
        else if (pytorch is not null) programs.Add(($"PyTorch {pytorch.Version}", _ => PyTorch(config, epochs)));
        var runs = programs.ToDictionary(p => p.Name, _ => new List<Run>());
        for (var round = 1; round <= rounds; round++)
            for (var k = 0; k < programs.Count; k++)
            {
                var (name, start) = programs[(k + round - 1) % programs.Count];
                var run = start(round);
                runs[name].Add(run);
                Line($"  round {round}: {name,-24} epochs [{string.Join(", ", run.Seconds.Select(s => Invariant(s, "F2")))}] s, test −ELBO {Invariant(run.TestLoss[^1], "F2")}");
            }
        var ours = programs[0].Name;
        foreach (var (name, list) in runs)
        {
            var later = list.SelectMany(r => r.Seconds.Skip(1)).ToList();
            var text = $"  {name,-24} median {Invariant(Measure.Median(later), "F2"),6} s/epoch (range {Invariant(later.Min(), "F2")}–{Invariant(later.Max(), "F2")}; " +
                       $"{Invariant(Measure.Median(later) / steps * 1e3, "F2")} ms/step)   test −ELBO after {epochs} epochs {string.Join(", ", list.Select(r => Invariant(r.TestLoss[^1], "F2")))}";
            var rss = list[^1].ResidentBytes;
            if (rss.Count >= 3 && rss[1] > 0)
                text += $"   RSS epoch 2 → {rss.Count}: {rss[1] >> 20} → {rss[^1] >> 20} MiB ({Invariant(100.0 * (rss[^1] - rss[1]) / rss[1], "+0.0;-0.0")} %)";
            Line(text);
        }
        foreach (var (name, _) in programs.Skip(1))
        {
            var ratios = runs[ours].Zip(runs[name], (a, b) => Measure.Median(a.Seconds.Skip(1)) / Measure.Median(b.Seconds.Skip(1))).ToList();
            Line($"  ours / {name}: {Invariant(Measure.Median(ratios), "F2")} (round by round {string.Join(", ", ratios.Select(r => Invariant(r, "F2")))})");
        }
        if (config.Model.Kind == ModelKind.Mlp)
        {
            var flops = EpochFlops(config.Model, trainImages, testImages: 10_000);
            var bound = flops / (gemm.Ours * 1e9);
            var median = Measure.Median(runs[ours].SelectMany(r => r.Seconds.Skip(1)));
            Line($"  GEMM bound: {Invariant(flops / 1e9, "F0")} GFLOP of matrix products an epoch at this run's {Invariant(gemm.Ours)} GFLOP/s = {Invariant(bound, "F2")} s; " +
                 $"ours takes {Invariant(median / bound, "F2")}× that");
        }
    }

    /// <summary>
    /// Matrix-product FLOPs of an MLP epoch: per image, the forward pass's 2·in·out per layer; training adds the backward
    /// pass's two products per layer (gradients of the weights and of the layer's input), less the input gradient of the
    /// first layer, which nothing needs; the test pass is forward only.
    /// </summary>
    internal static double EpochFlops(ModelConfig model, int trainImages, int testImages)
    {
        long[] widths = [784, .. model.Hidden, 2 * model.Z];
        long[] back = [model.Z, .. Enumerable.Reverse(model.Hidden), 784];
        var layers = widths.Zip(widths.Skip(1)).Concat(back.Zip(back.Skip(1))).ToList();
        double forward = layers.Sum(l => 2.0 * l.First * l.Second);
        return trainImages * (3 * forward - 2.0 * layers[0].First * layers[0].Second) + testImages * forward;
    }

    /// <summary>One child's epochs: seconds and test −ELBO per epoch, RSS after each.</summary>
    private sealed record Run(List<double> Seconds, List<double> TestLoss, List<long> ResidentBytes);

    private Run Ours(TrainingConfig config, int epochs, int round)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"vae-bench-{Environment.ProcessId}-{round}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        try
        {
            var result = ChildRun.Run(Environment.ProcessPath!, [cli, "train", .. ModelArguments(config), "--epochs", $"{epochs}", "--out", folder],
                line => line.StartsWith("epoch ", StringComparison.Ordinal));
            var history = Checkpoint.ReadInfo(folder).History;
            return new Run([.. history.Select(h => h.Seconds)], [.. history.Select(h => h.TestLoss)], result.ResidentBytesAtEpochs);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private Run Stock(TrainingConfig config, int epochs) =>
        FromJson(ChildRun.Run(Environment.ProcessPath!, [cli, "bench", "stock-loop", .. ModelArguments(config), "--epochs", $"{epochs}"], IsJson));

    private Run PyTorch(TrainingConfig config, int epochs) =>
        FromJson(ChildRun.Run(pytorch!.Python, [pytorch.Script, .. PyTorchArguments(config, device), "--epochs", $"{epochs}"], IsJson));

    private static bool IsJson(string line) => line.StartsWith('{');

    private static Run FromJson(ChildRun.Result result)
    {
        var rows = result.Lines.Where(IsJson).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject()).ToList();
        return new Run([.. rows.Select(r => PyTorchReference.Number(r, "epoch_seconds"))], [.. rows.Select(r => PyTorchReference.Number(r, "test_loss"))],
            result.ResidentBytesAtEpochs);
    }

    private string[] ModelArguments(TrainingConfig config) =>
    [
        "--model", config.Model.Kind.ToString().ToLowerInvariant(), "--hidden", string.Join(",", config.Model.Hidden), "--z", $"{config.Model.Z}", "--sigma", config.Model.Sigma.ToString().ToLowerInvariant(),
        "--batch-size", $"{config.BatchSize}", "--threads", $"{threads}", "--device", config.Device, "--seed", $"{config.Seed}",
        .. config.Subset is { } n ? new[] { "--subset", $"{n}" } : [],
    ];

    private string[] PyTorchArguments(TrainingConfig config, Device device) =>
    [
        "train", "--data", Vae.Data.DataSource.Get(config.Dataset).Directory, "--model", config.Model.Kind.ToString().ToLowerInvariant(),
        "--hidden", string.Join(",", config.Model.Hidden), "--z", $"{config.Model.Z}", "--sigma", config.Model.Sigma.ToString().ToLowerInvariant(),
        "--batch-size", $"{config.BatchSize}", "--threads", $"{threads}", "--device", device.type == DeviceType.CUDA ? "cuda" : "cpu",
        "--seed", $"{config.Seed}", .. config.Subset is { } n ? new[] { "--subset", $"{n}" } : [],
    ];
}
