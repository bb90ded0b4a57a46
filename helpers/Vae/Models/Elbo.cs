using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Vae.Models;

/// <summary>−ELBO of a batch and its two parts, each averaged over the batch (nats per image).</summary>
public sealed record ElboTerms(Tensor loss, Tensor reconstruction, Tensor kl) : IDisposable
{
    public void Dispose()
    {
        loss.Dispose();
        reconstruction.Dispose();
        kl.Dispose();
    }
}

/// <summary>
/// The training objective. −ELBO(x) = −E_q[log p(x|z)] + β · KL(q(z|x) ‖ N(0, I)), with
/// log p(x|z) the Bernoulli log-likelihood summed over pixels and the KL in closed form summed
/// over latent dimensions; the expectation is estimated with S samples of z.
/// </summary>
public static class Elbo
{
    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − log σ² − 1), one value per example.</summary>
    public static Tensor kl_divergence(Posterior q)
    {
        using var terms = kl_per_coordinate(q);
        return terms.sum(1);
    }

    /// <summary>The KL's terms before the sum over latent coordinates, N × d: ½ (μⱼ² + σⱼ² − log σⱼ² − 1).</summary>
    public static Tensor kl_per_coordinate(Posterior q)
    {
        using var mu2 = q.mu.square();
        using var sigma2 = q.log_sigma2.exp();
        using var sum = mu2 + sigma2;
        using var difference = sum - q.log_sigma2;
        using var shifted = difference - 1;
        return shifted * 0.5;
    }

    /// <summary>
    /// −log p(x|z) for Bernoulli pixels, one value per example: binary cross-entropy computed from
    /// the logits (stable; never the log of a saturated sigmoid), summed over pixels.
    /// </summary>
    public static Tensor reconstruction_loss(Tensor logits, Tensor x)
    {
        using var perPixel = functional.binary_cross_entropy_with_logits(logits, x, reduction: Reduction.None);
        return perPixel.sum(1);
    }

    /// <summary>−ELBO averaged over the batch, with its reconstruction and KL parts.</summary>
    public static ElboTerms negative_elbo(VaeModel model, Tensor x, int samples = 1, double beta = 1)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), $"the number of samples of z must be at least 1, got {samples}");
        using var q = model.encode(x);
        var n = x.shape[0];
        Tensor? total = null;
        for (var s = 0; s < samples; s++)
        {
            using var z = q.rsample();
            using var logits = model.decode(z);
            // Summed in one fused op, then divided: the same value as reconstruction_loss(...).mean().
            var sum = functional.binary_cross_entropy_with_logits(logits, x, reduction: Reduction.Sum);
            if (total is null) total = sum;
            else
            {
                using var previous = total;
                using (sum) total = previous + sum;
            }
        }
        using (total)
        {
            var reconstruction = total! / (n * samples);
            using var klPerExample = kl_divergence(q);
            var kl = klPerExample.mean();
            using var weighted = kl * beta;
            return new ElboTerms(reconstruction + weighted, reconstruction, kl);
        }
    }
}
