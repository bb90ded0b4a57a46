using System.Globalization;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

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
        var n = (int)x.shape[0];
        var sums = new double[sorted.Length];
        double elbo = 0;
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var batch = x.narrow(0, start, Math.Min(batchSize, n - start));
            var logWeights = ImportanceSampling.log_weights(model, batch, sorted[^1]);
            for (var i = 0; i < sorted.Length; i++) sums[i] += ImportanceSampling.log_px(logWeights, sorted[i]).sum().ToDouble();
            elbo += logWeights.mean([1]).sum().ToDouble();
        }
        return new LikelihoodBound(n, sorted, sums.Select(s => -s / n).ToArray(), -elbo / n);
    }

    public HtmlTable Table() => new(
        ["k", "−log p̂_k(x)", "−ELBO − (−log p̂_k(x))"],
        K.Select((k, i) => (IReadOnlyList<string>)[k.ToString("N0", CultureInfo.InvariantCulture), F(NegativeLogPx[i]), F(NegativeElbo - NegativeLogPx[i])]).ToList(),
        $"Mean over {Images:N0} test images, nats per image; −ELBO = {F(NegativeElbo)} (mean of −log w over all {K[^1]:N0} samples)");

    public Figure Figure(string? title = null)
    {
        var k = K.Select(v => (double)v).ToArray();
        var figure = Plots.Lines(title ?? $"Importance-sampled −log p(x) against the −ELBO ({Images:N0} test images)",
            "k, samples of z per image (log scale)", "nats per image",
            new Series("−log p̂_k(x), importance sampling", k, NegativeLogPx),
            new Series("−ELBO", [k[0], k[^1]], [NegativeElbo, NegativeElbo], "dash"));
        ((System.Text.Json.Nodes.JsonObject)figure.Layout["xaxis"]!)["type"] = "log";
        return figure;
    }

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
