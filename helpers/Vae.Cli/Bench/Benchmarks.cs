using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Torch;
using Vae.Training;

namespace Vae.Cli.Bench;

/// <summary>
/// The figures `vae bench` prints: ours and PyTorch's, measured in the same invocation, medians,
/// with their ratio. PyTorch is quoted twice where threads matter: as it runs by default, and
/// with OMP_WAIT_POLICY=PASSIVE, the one setting we change (see NativeLibraryLoader).
/// </summary>
internal sealed class Benchmarks(TextWriter output, PyTorchReference? pytorch, int threads, Device device)
{
    private readonly bool cuda = device.type == DeviceType.CUDA;

    /// <summary>GPU work is queued; a timing must wait for it to finish.</summary>
    private void Synchronize()
    {
        if (cuda) torch.cuda.synchronize();
    }

    private static string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);

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

    public void Gemm(int size = 1024, int reps = 20)
    {
        using var a = torch.randn([size, size], device: device);
        using var b = torch.randn([size, size], device: device);
        var flops = 2.0 * size * size * size;
        var (ours, theirs) = Interleaved(5,
            () => flops / Measure.Seconds(() => { using var c = a.matmul(b); Synchronize(); }, reps) / 1e9,
            pytorch is null ? null : () => PyTorchReference.Number(pytorch.Call(["gemm", "--size", $"{size}", "--reps", $"{reps}",
                "--threads", $"{threads}", "--device", cuda ? "cuda" : "cpu"], passiveOmp: false)[0], "gflops"));
        var text = $"GEMM {size}³ float32 on {device}{(cuda ? "" : $" ({threads} threads)")}: ours {F(ours)} GFLOP/s";
        if (theirs is { } t) text += $"   PyTorch {F(t)} GFLOP/s   ours/PyTorch {F(ours / t, "F2")}";
        Line(text);
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
        var text = $"tiny op (x + 1 on one element, create and free the result): ours {F(ours, "F2")} µs";
        if (theirs is { } t) text += $"   PyTorch {F(t, "F2")} µs   ours/PyTorch {F(ours / t, "F2")}";
        Line(text);
    }

    /// <summary>
    /// Seconds per training epoch (Adam steps only, evaluation excluded) and the test −ELBO after the
    /// last epoch: ours, then the same model in PyTorch as it runs by default, then PyTorch with
    /// OMP_WAIT_POLICY=PASSIVE. Medians over the epochs; RSS of our process after each epoch.
    /// </summary>
    public void Train(TrainingConfig config, int epochs)
    {
        using var trainer = Trainer.Create(config with { Epochs = epochs });
        var steps = trainer.StepsPerEpoch;
        Line($"training: {config.Model} on {trainer.TrainSet.Count:N0} images, batch {config.BatchSize}, {steps} steps an epoch, " +
             $"{epochs} epoch(s), device {trainer.Device}, {threads} threads");
        var ours = new List<double>();
        var rss = new List<long>();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            trainer.TrainPass(epoch);
            ours.Add(clock.Elapsed.TotalSeconds);
            rss.Add(Measure.ResidentBytes());
        }
        torch.manual_seed(config.Seed);
        var test = Evaluation.Evaluate(trainer.Model, trainer.TestSet);
        Row("ours", ours, test.Loss, steps);
        if (rss.Count >= 3)
            Line($"  our RSS after epoch 2: {rss[1] >> 20} MiB, after epoch {rss.Count}: {rss[^1] >> 20} MiB ({F(100.0 * (rss[^1] - rss[1]) / rss[1], "+0.00;-0.00")} %)");
        if (pytorch is null) return;
        var reference = new List<double>();
        foreach (var passive in new[] { false, true })
        {
            var lines = pytorch.Call([.. PyTorchArguments(config, trainer.Device), "--epochs", $"{epochs}"], passive);
            var times = lines.Select(l => PyTorchReference.Number(l, "train_seconds")).ToList();
            Row(passive ? "PyTorch, OMP_WAIT_POLICY=PASSIVE" : "PyTorch", times, PyTorchReference.Number(lines[^1], "test_loss"), steps);
            reference.Add(Measure.Median(times));
        }
        var o = Measure.Median(ours);
        Line($"  ours/PyTorch {F(o / reference[0], "F2")} (PyTorch {F(reference[0] / o, "F1")}× slower); " +
             $"ours/(PyTorch with PASSIVE) {F(o / reference[1], "F2")}");
    }

    private void Row(string who, IReadOnlyList<double> seconds, double testLoss, int steps)
    {
        var median = Measure.Median(seconds);
        Line($"  {who,-34} median {F(median, "F2"),7} s/epoch ({F(median / steps * 1e3, "F2")} ms/step)  " +
             $"epochs [{string.Join(", ", seconds.Select(s => F(s, "F2")))}]  test −ELBO {F(testLoss, "F2")}");
    }

    private string[] PyTorchArguments(TrainingConfig config, Device device) =>
    [
        "train", "--data", Vae.Data.DataSource.Get(config.Dataset).Directory, "--model", config.Model.Kind,
        "--hidden", string.Join(",", config.Model.Hidden), "--z", $"{config.Model.Z}", "--sigma", config.Model.Sigma,
        "--batch-size", $"{config.BatchSize}", "--threads", $"{threads}", "--device", device.type == DeviceType.CUDA ? "cuda" : "cpu",
        "--seed", $"{config.Seed}", .. config.Subset is { } n ? new[] { "--subset", $"{n}" } : [],
    ];
}
