using System.Globalization;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// How loose is the ELBO? The importance-sampled estimate log p̂_k(x) = log (1/k) Σ_k w_k for growing k, averaged over
/// images, against the ELBO = the average of log w (the same samples). In expectation log p̂_k rises with k toward
/// log p(x) (it is the importance-weighted bound of Burda et al.), and log p̂_1 is a one-sample ELBO.
/// Values are in nats per image, as −log p̂_k and −ELBO, the way the workbook reports losses (lower is better).
/// </summary>
public sealed record LikelihoodBound(int Images, int[] K, double[] NegativeLogPx, double NegativeElbo)
{
    /// <summary>
    /// Draws max(ks) samples of z per image once (libtorch's generator: seed it first) and evaluates every k on the
    /// first k of them, so the curve is smooth in k. Images are processed <paramref name="batchSize"/> at a time.
    /// </summary>
    public static LikelihoodBound Estimate(VaeModel model, Tensor x, int[] ks, int batchSize = 100)
    {
        if (ks.Length == 0 || ks.Any(k => k < 1)) throw new ArgumentException("Give one or more sample counts k ≥ 1.", nameof(ks));
        var sorted = ks.Distinct().Order().ToArray();
        using var scope = NewDisposeScope();
        var logWeights = model.Batched(x, batch => ImportanceSampling.log_weights(model, batch, sorted[^1]), batchSize);   // N × max(k)
        var negativeLogPx = sorted.Select(k => -ImportanceSampling.log_px(logWeights, k).to(float64).mean().ToDouble()).ToArray();
        return new LikelihoodBound((int)x.shape[0], sorted, negativeLogPx, -logWeights.to(float64).mean().ToDouble());
    }

    public HtmlTable Table() => new(
        ["k", "−log p̂_k(x)", "−ELBO − (−log p̂_k(x))"],
        K.Select((k, i) => (IReadOnlyList<string>)[k.ToString("N0", CultureInfo.InvariantCulture), Nats(NegativeLogPx[i]), Nats(NegativeElbo - NegativeLogPx[i])]).ToList(),
        $"Mean over {Images:N0} test images, nats per image; −ELBO = {Nats(NegativeElbo)} (mean of −log w over all {K[^1]:N0} samples)");

    public Figure Figure(string? title = null)
    {
        var k = K.Select(v => (double)v).ToArray();
        return Plot.Lines(title ?? $"Importance-sampled −log p(x) against the −ELBO ({Images:N0} test images)",
            "k, samples of z per image (log scale)", "nats per image",
            [new("−log p̂_k(x), importance sampling", k, NegativeLogPx), new("−ELBO", [k[0], k[^1]], [NegativeElbo, NegativeElbo], "dash")], logX: true);
    }

    private static string Nats(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
