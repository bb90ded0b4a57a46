using Vae.Data;
using Vae.Models;
using TorchSharp;
using Vae.Training;

using Vae.Analysis;

namespace Vae.Tests.Analysis;

[Collection(GlobalRandomCollection.Name)]
public class ScoresTests
{
    [Fact]
    public void NegativeElbo_PerImage_AveragesToTheEvaluatedTestLoss()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [32], Z = 4 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 1500);
        torch.manual_seed(2);
        var scores = Scores.NegativeElbo(model, test);
        torch.manual_seed(2);
        var evaluated = Evaluation.Evaluate(model, test);
        Assert.Equal(1500, scores.Length);
        Assert.Equal(evaluated.Loss, scores.Average(), evaluated.Loss * 1e-5);
        Assert.Equal(10, Scores.NegativeElbo(model, test, count: 10).Length);
    }

    [Fact]
    public void NegativeLogLikelihood_LiesBelowTheNegativeElboOnAverage()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [32], Z = 4 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 100);
        torch.manual_seed(1);
        var elbo = Scores.NegativeElbo(model, test);
        var logPx = Scores.NegativeLogLikelihood(model, test, k: 50, batchSize: 30);
        Assert.Equal(100, logPx.Length);
        Assert.True(logPx.Average() < elbo.Average(), $"−log p̂_50 {logPx.Average()} should be below −ELBO {elbo.Average()}");

        var bound = LikelihoodBound.Estimate(model, test.Images.narrow(0, 0, 40), [50, 1, 10], batchSize: 15);
        Assert.Equal([1, 10, 50], bound.K);
        Assert.True(bound.NegativeLogPx[2] < bound.NegativeLogPx[1] && bound.NegativeLogPx[1] < bound.NegativeLogPx[0]);
        Assert.True(bound.NegativeLogPx[2] < bound.NegativeElbo);
        Assert.Equal("scatter", System.Text.RegularExpressions.Regex.Match(bound.Figure().ToJson(), "\"type\":\"(\\w+)\"").Groups[1].Value);
    }
}
