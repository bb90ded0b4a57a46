using Vae.Data;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Training;

using Vae.Analysis;

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
        using (var trainer = Trainer.Create(config with { Objective = Objective.Autoencoder, Epochs = 1 }, ae)) trainer.Run();
        var table = Comparison.Table(vae, ae);
        Assert.Equal(Path.GetFileName(vae), table.Rows[0][0]);
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
    public void LatentStatistics_OfTheMeans_AndTheirDistanceFromThePrior()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 3 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 300);
        var stats = LatentStatistics.Codes("m", model, test, sample: false, n: 300);
        using var scope = torch.NewDisposeScope();
        Tensor mu;
        using (torch.no_grad()) mu = model.encode(test.Images).mu;
        Assert.Equal(mu[.., 1].mean().ToDouble(), stats.Mean[1], 4);
        Assert.Equal(mu[.., 2].std().ToDouble(), stats.Std[2], 4);
        Assert.Equal(0, new CodeMoments("prior", [0, 0], [1, 1]).PriorGap, 12);
        Assert.Equal(0.5 * (4 + 1 - 0 - 1), new CodeMoments("off", [2], [1]).PriorGap, 12);
        var sampled = LatentStatistics.Codes("m", model, test, sample: true, n: 300);
        Assert.True(sampled.Std.Zip(stats.Std).All(p => p.First > p.Second), "sampling z ~ q(z|x) adds σ to the spread of μ");

        var kl = LatentStatistics.KlPerCoordinate(model, test, n: 300);
        using (torch.no_grad()) Assert.Equal(Elbo.kl_divergence(model.encode(test.Images)).mean().ToDouble(), kl.Sum(), 3);
        Assert.Equal(2 * 2 + 2, LatentStatistics.CodesFigure("t", stats, sampled).Data.Count);   // mean and spread per model, the prior's two
    }
}
