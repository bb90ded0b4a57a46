using Vae.Data;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// One number per image, in nats, for ranking or thresholding images: −ELBO(x) (what training minimizes, the
/// anomaly score of notebook 7) and the importance-sampled −log p̂_k(x). Computed in batches in eval mode without
/// gradients, from libtorch's seeded generator (seed it first for reproducible scores).
/// </summary>
public static class Scores
{
    /// <summary>
    /// −ELBO(x) = −log p(x|z) + KL(q(z|x) ‖ N(0, I)) of the first <paramref name="count"/> images (default: all), with
    /// one z ~ q(z|x) per image and the KL in closed form. Same draws as <see cref="Training.Evaluation.Evaluate(VaeModel, Dataset, int, double, int)"/>
    /// with the same seed and batch size, so the mean of these is its test −ELBO.
    /// </summary>
    public static double[] NegativeElbo(VaeModel model, Dataset data, int? count = null, int batchSize = 1000) =>
        PerBatch(model, data, count, batchSize, x =>
        {
            using var q = model.encode(x);
            using var z = q.rsample();
            using var logits = model.decode(z);
            using var reconstruction = Elbo.reconstruction_loss(logits, x);
            using var kl = Elbo.kl_divergence(q);
            return reconstruction + kl;
        });

    /// <summary>−log p̂_k(x) by importance sampling with k samples of z per image (k = 1 is a one-sample −ELBO).</summary>
    public static double[] NegativeLogLikelihood(VaeModel model, Dataset data, int k, int? count = null, int batchSize = 100) =>
        PerBatch(model, data, count, batchSize, x =>
        {
            using var logPx = ImportanceSampling.log_px(model, x, k);
            return -logPx;
        });

    private static double[] PerBatch(VaeModel model, Dataset data, int? count, int batchSize, Func<Tensor, Tensor> score)
    {
        if (count is < 1) throw new ArgumentOutOfRangeException(nameof(count), $"score at least one image, got {count}");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        var n = Math.Min(count ?? data.Count, data.Count);
        var result = new double[n];
        using var inference = model.InferenceMode();
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var x = data.Images.narrow(0, start, Math.Min(batchSize, n - start));
            var values = score(x).to(torch.float64).cpu().data<double>().ToArray();
            values.CopyTo(result, start);
        }
        return result;
    }
}
