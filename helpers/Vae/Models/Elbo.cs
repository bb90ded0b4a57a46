using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Vae.Models;

/// <summary>A loss and its two parts: one value per image, or their means over the batch (nats per image).</summary>
public sealed record ElboTerms(Tensor loss, Tensor reconstruction, Tensor kl) : IDisposable
{
    /// <summary>The means over the batch: what a training step minimizes, and what evaluation adds up.</summary>
    public ElboTerms mean() => new(loss.mean(), reconstruction.mean(), kl.mean());

    public void Dispose()
    {
        loss.Dispose();
        reconstruction.Dispose();
        kl.Dispose();
    }
}

/// <summary>
/// The training objective, as the lecture writes it: −ELBO(x) = −E_q[log p(x|z)] + β · KL(q(z|x) ‖ N(0, I)), with
/// log p(x|z) the Bernoulli log-likelihood summed over pixels and the KL in closed form summed over latent coordinates;
/// the expectation is estimated with samples of z. Every other loss, score and bound in the workbook is built from
/// these terms. Called inside the caller's dispose scope (one per batch), which frees the temporaries.
/// </summary>
public static class Elbo
{
    /// <summary>
    /// −log p(x|z) for Bernoulli pixels: binary cross-entropy computed from the logits (stable; never the log of a
    /// saturated sigmoid), summed over the pixels (the last dimension). x may stand for several samples of logits
    /// (S × N × 784 against N × 784): it is broadcast, not copied.
    /// </summary>
    public static Tensor reconstruction_loss(Tensor logits, Tensor x) =>
        functional.binary_cross_entropy_with_logits(logits, x.expand_as(logits), reduction: Reduction.None).sum(-1);

    /// <summary>The KL's terms before the sum over latent coordinates, N × d: ½ (μⱼ² + σⱼ² − log σⱼ² − 1).</summary>
    public static Tensor kl_per_coordinate(Posterior q) => 0.5 * (q.mu.square() + q.log_sigma2.exp() - q.log_sigma2 - 1);

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) = ½ Σⱼ (μⱼ² + σⱼ² − log σⱼ² − 1), one value per image (Kingma and Welling 2014, appendix B).</summary>
    public static Tensor kl_divergence(Posterior q) => kl_per_coordinate(q).sum(1);

    /// <summary>
    /// −ELBO of each image with its reconstruction and KL parts, N values each; <paramref name="samples"/> draws of z
    /// estimate the expectation, and <paramref name="beta"/> weighs the KL term in the loss (the parts are unweighted).
    /// </summary>
    public static ElboTerms negative_elbo_per_image(VaeModel model, Tensor x, int samples = 1, double beta = 1)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), $"the number of samples of z must be at least 1, got {samples}");
        var q = model.encode(x);
        var reconstruction = reconstruction_loss(model.decode(q.rsample()), x);
        for (var s = 1; s < samples; s++) reconstruction += reconstruction_loss(model.decode(q.rsample()), x);
        if (samples > 1) reconstruction /= samples;
        var kl = kl_divergence(q);
        return new ElboTerms(reconstruction + beta * kl, reconstruction, kl);
    }

    /// <summary>−ELBO averaged over the batch, with its parts: the loss a training step minimizes.</summary>
    public static ElboTerms negative_elbo(VaeModel model, Tensor x, int samples = 1, double beta = 1) =>
        negative_elbo_per_image(model, x, samples, beta).mean();
}
