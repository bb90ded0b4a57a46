using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Models;

/// <summary>
/// The test log-likelihood by importance sampling, with q(z|x) as the proposal:
/// <code>
///   log p(x) = log E_{z ~ q(z|x)} [ p(x|z) p(z) / q(z|x) ]  ≈  log (1/k) Σ_k w_k,   w_k = p(x|z_k) p(z_k) / q(z_k|x).
/// </code>
/// Each log w_k is a one-sample ELBO; the average of the log w is the ELBO, the log of the average of the w
/// is at least as large (Jensen) and tends to log p(x) as k grows. The sum over k is taken with logsumexp,
/// because the w themselves (e^−100 and smaller) underflow float32.
/// </summary>
public static class ImportanceSampling
{
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    /// <summary>
    /// log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x) for k samples z_k ~ q(z|x) of each image: an N × k
    /// tensor. The N·k codes are decoded in chunks of about <paramref name="rows"/> (default: 8192 for the MLP,
    /// 1024 for the convolutional decoder, whose activations are larger), in eval mode and without gradients.
    /// </summary>
    public static Tensor log_weights(VaeModel model, Tensor x, int k, int? rows = null)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"importance sampling needs at least one sample of z, got k = {k}");
        using var inference = model.InferenceMode();
        using var scope = torch.NewDisposeScope();
        var n = x.shape[0];
        var perChunk = (int)Math.Max(1, (rows ?? (model.Config.Kind == ModelKind.Conv ? 1024 : 8192)) / n);
        var q = model.encode(x);
        var chunks = new List<Tensor>();
        for (var start = 0; start < k; start += perChunk)
        {
            var m = Math.Min(perChunk, k - start);
            using var chunkScope = torch.NewDisposeScope();
            var eps = torch.randn([m, n, q.mu.shape[1]], device: x.device);
            var z = q.mu + q.sigma * eps;                                                        // m × N × d
            var logits = model.decode(z.flatten(0, 1)).unflatten(0, [m, n]);                    // m × N × 784
            var logPxGivenZ = -Elbo.reconstruction_loss(logits, x);                              // m × N
            var logPz = (z.square() + Log2Pi).sum(2) * -0.5;                                     // N(z; 0, I)
            var logQz = (eps.square() + q.log_sigma2 + Log2Pi).sum(2) * -0.5;                    // N(z; μ, σ²), as (z − μ)/σ = ε
            chunks.Add((logPxGivenZ + logPz - logQz).t().MoveToOuterDisposeScope());              // N × m
        }
        return torch.cat(chunks, 1).MoveToOuterDisposeScope();
    }

    /// <summary>log p̂_k(x) = logsumexp(log w_1 … log w_k) − log k from the first k columns of <see cref="log_weights"/>: N values.</summary>
    public static Tensor log_px(Tensor logWeights, int k)
    {
        if (k < 1 || k > logWeights.shape[1])
            throw new ArgumentOutOfRangeException(nameof(k), $"k must lie in 1 … {logWeights.shape[1]} (the samples drawn), got {k}");
        using var first = logWeights.narrow(1, 0, k);
        using var sum = first.logsumexp(1);
        return sum - Math.Log(k);
    }

    /// <summary>The importance-sampled estimate log p̂_k(x) of each image of a batch, with k samples of z: N values.</summary>
    public static Tensor log_px(VaeModel model, Tensor x, int k)
    {
        using var logWeights = log_weights(model, x, k);
        return log_px(logWeights, k);
    }
}
