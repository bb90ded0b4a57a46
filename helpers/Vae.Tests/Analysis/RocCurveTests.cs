using Vae.Analysis;

namespace Vae.Tests.Analysis;

public class RocCurveTests
{
    [Fact]
    public void HandExample_WithTies_GivesTheCurveAndTheAreaByHand()
    {
        // Scores, higher = more anomalous. Pairs (anomaly, normal) won: 0.9 beats all 4; 0.8 beats 3 and ties 1 (3.5);
        // 0.7 beats 3; 0.35 beats 0.1, ties 0.35, loses to 0.4 and 0.8 (1.5). AUC = 12 / 16.
        double[] normal = [0.1, 0.4, 0.35, 0.8];
        double[] anomalous = [0.9, 0.8, 0.35, 0.7];
        var roc = RocCurve.Compute(normal, anomalous);
        Assert.Equal(0.75, roc.Auc, 12);
        // Thresholds 0.9, 0.8 (a tie: one anomaly and one normal enter together), 0.7, 0.4, 0.35 (tie), 0.1.
        Assert.Equal([0, 0, 0.25, 0.25, 0.5, 0.75, 1], roc.FalsePositiveRate);
        Assert.Equal([0, 0.25, 0.5, 0.75, 0.75, 1, 1], roc.TruePositiveRate);
        Assert.Equal(0.75, roc.TruePositiveRateAt(0.25));
        Assert.Equal(0.25, roc.TruePositiveRateAt(0.1));
    }

    [Fact]
    public void Extremes_PerfectReversedAndAllTied()
    {
        Assert.Equal(1, RocCurve.Compute([1, 2, 3], [4, 5]).Auc);
        Assert.Equal(0, RocCurve.Compute([4, 5], [1, 2, 3]).Auc);
        var tied = RocCurve.Compute([7, 7, 7], [7, 7]);
        Assert.Equal(0.5, tied.Auc);
        Assert.Equal([0, 1], tied.FalsePositiveRate);
    }

    [Fact]
    public void Auc_IsTheMannWhitneyProbability_OnRandomScoresWithManyTies()
    {
        var random = new Random(4);
        var normal = Enumerable.Range(0, 300).Select(_ => (double)random.Next(20)).ToArray();
        var anomalous = Enumerable.Range(0, 200).Select(_ => (double)random.Next(5, 25)).ToArray();
        var wins = anomalous.Sum(a => normal.Sum(n => a > n ? 1.0 : a == n ? 0.5 : 0));
        Assert.Equal(wins / (normal.Length * anomalous.Length), RocCurve.Compute(normal, anomalous).Auc, 12);
    }

    [Fact]
    public void EmptyOrNonFiniteScores_AreErrors()
    {
        Assert.Throws<ArgumentException>(() => RocCurve.Compute([], [1.0]));
        Assert.Throws<ArgumentException>(() => RocCurve.Compute([1.0], [double.NaN]));
    }

    [Fact]
    public void RocFigure_NamesTheAucAndDrawsTheChanceLine()
    {
        var roc = RocCurve.Compute(Enumerable.Range(0, 5000).Select(i => (double)i).ToArray(), Enumerable.Range(2500, 5000).Select(i => (double)i + 0.5).ToArray());
        var figure = RocCurve.Figure("ROC", ("shifted", roc));
        Assert.Equal("lines", figure.Kind);
        Assert.Equal(2, figure.Data.Count);
        Assert.Contains($"AUC {roc.Auc:F3}", figure.Data[0]!["name"]!.GetValue<string>());
        Assert.True(figure.Data[0]!["x"]!.AsArray().Count <= 1000, "a long curve is thinned for drawing");
        Assert.Equal("chance (AUC 0.5)", figure.Data[1]!["name"]!.GetValue<string>());
    }
}
