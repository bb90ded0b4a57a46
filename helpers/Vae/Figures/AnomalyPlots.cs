using System.Text.Json.Nodes;
using Vae.Figures;

namespace Vae;

/// <summary>Notebook 7's anomaly detection figures: how the scores of each set are spread, and the ROC curves.</summary>
public static class AnomalyPlots
{
    /// <summary>
    /// The distribution of each set's scores (e.g. −ELBO in nats) as the fraction of its images per bin, on
    /// log-spaced bins and a log axis, so sets of different sizes and of very different scores share one chart.
    /// </summary>
    public static Figure ScoreDistributions(string title, string xTitle, params (string Name, double[] Scores)[] sets)
    {
        if (sets.Length == 0 || sets.Any(s => s.Scores.Length == 0))
            throw new ArgumentException("Each set needs at least one score.", nameof(sets));
        var all = sets.SelectMany(s => s.Scores).ToArray();
        if (all.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("Scores must be positive finite numbers (−ELBO in nats is).", nameof(sets));
        const int bins = 60;
        double lo = Math.Log(all.Min()), hi = Math.Log(all.Max()) + 1e-9;
        var width = (hi - lo) / bins;
        var centers = Enumerable.Range(0, bins).Select(b => Math.Exp(lo + (b + 0.5) * width)).ToArray();
        var series = sets.Select(s =>
        {
            var counts = new double[bins];
            foreach (var v in s.Scores) counts[Math.Min(bins - 1, (int)((Math.Log(v) - lo) / width))]++;
            return new Series($"{s.Name} ({s.Scores.Length:N0} images)", centers, counts.Select(c => c / s.Scores.Length).ToArray());
        }).ToArray();
        var figure = Plots.Lines(title, xTitle, "fraction of the set's images", series);
        ((JsonObject)figure.Layout["xaxis"]!)["type"] = "log";
        return figure;
    }

    /// <summary>ROC curves with their AUC in the legend, and the diagonal of a score that knows nothing.</summary>
    public static Figure Roc(string title, params (string Name, RocCurve Curve)[] curves)
    {
        var series = curves.Select(c =>
        {
            var (x, y) = Thin(c.Curve, 1000);
            return new Series($"{c.Name} (AUC {c.Curve.Auc:F3})", x, y);
        }).Append(new Series("chance (AUC 0.5)", [0, 1], [0, 1], "dot")).ToArray();
        var figure = Plots.Lines(title, "false positive rate (normal images flagged)", "true positive rate (anomalies flagged)", series);
        foreach (var axis in new[] { "xaxis", "yaxis" }) ((JsonObject)figure.Layout[axis]!)["range"] = new JsonArray(-0.01, 1.01);
        figure.Layout["hovermode"] = "closest";
        return figure;
    }

    // Thousands of points draw the same line as a thousand; the AUC is computed from all of them.
    private static (double[] X, double[] Y) Thin(RocCurve curve, int points)
    {
        var n = curve.FalsePositiveRate.Length;
        if (n <= points) return (curve.FalsePositiveRate, curve.TruePositiveRate);
        var keep = Enumerable.Range(0, points).Select(i => (int)Math.Round((double)i * (n - 1) / (points - 1))).Distinct().ToArray();
        return (keep.Select(i => curve.FalsePositiveRate[i]).ToArray(), keep.Select(i => curve.TruePositiveRate[i]).ToArray());
    }
}
