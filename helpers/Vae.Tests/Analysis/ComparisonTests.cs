using Vae.Data;
using Vae.Models;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Training;

namespace Vae.Tests.Analysis;

public class ComparisonTests
{
    [Fact]
    public void TableAndCurves_ReadTheRuns_AndReportElboAtBetaOne()
    {
        var vae = TestPaths.TempDirectory("compare-vae");
        var ae = TestPaths.TempDirectory("compare-ae");
        var config = new TrainingConfig { Model = new ModelConfig { Hidden = [16], Z = 2 }, Epochs = 2, Subset = 256, TestSubset = 128, Device = "cpu", Beta = 4 };
        using (var trainer = Trainer.Create(config, vae)) trainer.Run();
        using (var trainer = Trainer.Create(config with { Objective = "autoencoder", Epochs = 1 }, ae)) trainer.Run();
        // Absolute folders work as run names (Workbook.Run combines them with the runs folder).
        var table = Comparison.Table(vae, ae);
        var last = Checkpoint.ReadInfo(vae).History[^1];
        Assert.Equal((last.TestReconstruction + last.TestKl).ToString("F2", System.Globalization.CultureInfo.InvariantCulture), table.Rows[0][^1]);
        Assert.Equal("ELBO, β = 4", table.Rows[0][2]);
        Assert.Equal("—", table.Rows[1][^1]);
        Assert.Equal("2", table.Rows[0][4]);
        var curves = Comparison.Curves("t", vae, ae);
        Assert.Equal(4, curves.Data.Count);
        Assert.Equal("log", curves.Layout["yaxis"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void CodeStatistics_OfTheMeans_AndTheirDistanceFromThePrior()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 3 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 300);
        var stats = CodeStatistics.Of("m", model, test, sample: false, n: 300);
        var mu = VaePlots.EncoderMeans(model, test, 300);
        Assert.Equal(Enumerable.Range(0, 300).Average(i => (double)mu[i * 3 + 1]), stats.Mean[1], 4);
        Assert.Equal(0, new CodeStatistics("prior", [0, 0], [1, 1]).PriorGap, 12);
        Assert.Equal(0.5 * (4 + 1 - 0 - 1), new CodeStatistics("off", [2], [1]).PriorGap, 12);
        var sampled = CodeStatistics.Of("m", model, test, sample: true, n: 300);
        Assert.True(sampled.Std.Zip(stats.Std).All(p => p.First > p.Second), "sampling z ~ q(z|x) adds σ to the spread of μ");

        var kl = KlPerDimension.Of(model, test, n: 300);
        using var scope = torch.NewDisposeScope();
        using var q = model.encode(test.Images);
        Assert.Equal(Elbo.kl_divergence(q).mean().ToDouble(), kl.Sum(), 3);
    }
}
