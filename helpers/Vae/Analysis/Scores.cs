using Vae.Core;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// One number per image, in nats, for ranking or thresholding images: −ELBO(x) (what training minimizes, the anomaly
/// score of notebook 7) and the importance-sampled −log p̂_k(x). From libtorch's seeded generator: seed it first.
/// </summary>
public static class Scores
{
    /// <summary>
    /// −ELBO(x) of the first <paramref name="count"/> images (default: all) with one z ~ q(z|x) per image: the same draws,
    /// for the same seed, as Evaluation.Evaluate, whose test −ELBO is their mean.
    /// </summary>
    public static double[] NegativeElbo(VaeModel model, Dataset data, int? count = null, int batchSize = 1000) =>
        PerImage(model, data, count, batchSize, x => Elbo.negative_elbo_per_image(model, x).loss);

    /// <summary>−log p̂_k(x) by importance sampling with k samples of z per image (k = 1 is a one-sample −ELBO).</summary>
    public static double[] NegativeLogLikelihood(VaeModel model, Dataset data, int k, int? count = null, int batchSize = 100) =>
        PerImage(model, data, count, batchSize, x => -ImportanceSampling.log_px(model, x, k));

    private static double[] PerImage(VaeModel model, Dataset data, int? count, int batchSize, Func<Tensor, Tensor> score)
    {
        if (count is < 1) throw new ArgumentOutOfRangeException(nameof(count), $"score at least one image, got {count}");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        using var scope = NewDisposeScope();
        return model.Batched(data.Images[..Math.Min(count ?? data.Count, data.Count)], score, batchSize).ToArray<double>();
    }

    /// <summary>
    /// How each set's scores are spread: the fraction of its images per bin, on log-spaced bins and a log axis, so sets of
    /// different sizes and very different scores share one chart.
    /// </summary>
    public static Figure Histogram(string title, string xLabel, params (string Name, double[] Scores)[] sets)
    {
        var all = sets.SelectMany(s => s.Scores).ToArray();
        if (sets.Length == 0 || sets.Any(s => s.Scores.Length == 0) || all.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("Each set needs scores, positive finite numbers (−ELBO in nats is).", nameof(sets));
        const int bins = 60;
        double lo = Math.Log(all.Min()), width = (Math.Log(all.Max()) + 1e-9 - lo) / bins;
        var centres = Enumerable.Range(0, bins).Select(b => Math.Exp(lo + (b + 0.5) * width)).ToArray();
        return Plot.Lines(title, xLabel, "fraction of the set's images", [.. sets.Select(s =>
        {
            var counts = new double[bins];
            foreach (var v in s.Scores) counts[Math.Min(bins - 1, (int)((Math.Log(v) - lo) / width))] += 1.0 / s.Scores.Length;
            return new Series($"{s.Name} ({s.Scores.Length:N0} images)", centres, counts);
        })], logX: true);
    }
}
