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
    // Each function is called inside the caller's dispose scope (one per batch), which frees the temporaries.

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − log σ² − 1), one value per example (Kingma and Welling 2014, appendix B).</summary>
    public static Tensor kl_divergence(Posterior q) => kl_per_coordinate(q).sum(1);

    /// <summary>The KL's terms before the sum over latent coordinates, N × d: ½ (μⱼ² + σⱼ² − log σⱼ² − 1).</summary>
    public static Tensor kl_per_coordinate(Posterior q) => 0.5 * (q.mu.square() + q.log_sigma2.exp() - q.log_sigma2 - 1);

    /// <summary>
    /// −log p(x|z) for Bernoulli pixels, one value per example: binary cross-entropy computed from
    /// the logits (stable; never the log of a saturated sigmoid), summed over pixels.
    /// </summary>
    public static Tensor reconstruction_loss(Tensor logits, Tensor x) =>
        functional.binary_cross_entropy_with_logits(logits, x, reduction: Reduction.None).sum(1);

    /// <summary>reconstruction_loss averaged over the batch, summed in one fused op and then divided: the same value.</summary>
    internal static Tensor mean_reconstruction_loss(Tensor logits, Tensor x) =>
        functional.binary_cross_entropy_with_logits(logits, x, reduction: Reduction.Sum) / x.shape[0];

    /// <summary>−ELBO averaged over the batch, with its reconstruction and KL parts; S samples of z estimate the expectation.</summary>
    public static ElboTerms negative_elbo(VaeModel model, Tensor x, int samples = 1, double beta = 1)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), $"the number of samples of z must be at least 1, got {samples}");
        var q = model.encode(x);
        var reconstruction = mean_reconstruction_loss(model.decode(q.rsample()), x);
        for (var s = 1; s < samples; s++) reconstruction += mean_reconstruction_loss(model.decode(q.rsample()), x);
        if (samples > 1) reconstruction /= samples;
        var kl = kl_divergence(q).mean();
        return new ElboTerms(reconstruction + beta * kl, reconstruction, kl);
    }
}
