using Vae.Figures;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// A receiver operating characteristic: how well a score (higher = more anomalous, e.g. −ELBO) tells anomalies
/// from normal images. For every threshold t, an image counts as flagged when its score is ≥ t; the curve runs
/// through (false positive rate, true positive rate) = (fraction of normal images flagged, fraction of anomalies
/// flagged) from (0, 0) to (1, 1). The area under it (AUC) is the probability that a random anomaly scores higher
/// than a random normal image, ties counting one half: 1 is perfect, 0.5 is chance.
/// </summary>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate, double Auc)
{
    /// <summary>The curve and its AUC from the scores of normal images and of anomalies; computed in C# from the scores.</summary>
    public static RocCurve Compute(IReadOnlyList<double> normal, IReadOnlyList<double> anomalous)
    {
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(anomalous);
        if (normal.Count == 0 || anomalous.Count == 0)
            throw new ArgumentException($"A ROC curve needs normal and anomalous scores; got {normal.Count} normal and {anomalous.Count} anomalous.");
        if (normal.Concat(anomalous).Any(s => !double.IsFinite(s)))
            throw new ArgumentException("Scores must be finite numbers (did the model diverge?).");

        var scored = normal.Select(s => (Score: s, Anomaly: false)).Concat(anomalous.Select(s => (Score: s, Anomaly: true)))
            .OrderByDescending(p => p.Score).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        double falsePositives = 0, truePositives = 0, auc = 0;
        // Lower the threshold one distinct score at a time: tied images enter together, a diagonal step whose
        // trapezoid gives a tied (anomaly, normal) pair half a point.
        for (var i = 0; i < scored.Length;)
        {
            var j = i;
            while (j < scored.Length && scored[j].Score == scored[i].Score)
            {
                if (scored[j].Anomaly) truePositives++;
                else falsePositives++;
                j++;
            }
            var x = falsePositives / normal.Count;
            var y = truePositives / anomalous.Count;
            auc += (x - fpr[^1]) * (y + tpr[^1]) / 2;
            fpr.Add(x);
            tpr.Add(y);
            i = j;
        }
        return new RocCurve([.. fpr], [.. tpr], auc);
    }

    /// <summary>The true positive rate reached when at most the given fraction of normal images is flagged.</summary>
    public double TruePositiveRateAt(double falsePositiveRate)
    {
        var best = 0.0;
        for (var i = 0; i < FalsePositiveRate.Length && FalsePositiveRate[i] <= falsePositiveRate; i++) best = TruePositiveRate[i];
        return best;
    }

    /// <summary>ROC curves with their AUC in the legend, and the diagonal of a score that knows nothing.</summary>
    public static Figure Figure(string title, params (string Name, RocCurve Curve)[] curves) =>
        Plot.Lines(title, "false positive rate (normal images flagged)", "true positive rate (anomalies flagged)",
            [.. curves.Select(c => c.Curve.Thinned(1000) with { Name = $"{c.Name} (AUC {c.Curve.Auc:F3})" }), new Series("chance (AUC 0.5)", [0, 1], [0, 1], "dot")]);

    // Thousands of points draw the same line as a thousand; the AUC is computed from all of them.
    private Series Thinned(int points)
    {
        var n = FalsePositiveRate.Length;
        var keep = n <= points ? Enumerable.Range(0, n) : Enumerable.Range(0, points).Select(i => (int)Math.Round((double)i * (n - 1) / (points - 1))).Distinct();
        var kept = keep.ToArray();
        return new Series("", [.. kept.Select(i => FalsePositiveRate[i])], [.. kept.Select(i => TruePositiveRate[i])]);
    }
}
