using TorchSharp;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace Vae.Models;

/// <summary>
/// The encoder's q(z|x) = N(μ, diag σ²) for a batch: μ and σ (N × z), and log σ² kept exactly
/// as computed so the KL term never takes the log of a rounded σ² when the network outputs it.
/// </summary>
public sealed record Posterior(Tensor mu, Tensor sigma, Tensor log_sigma2) : IDisposable
{
    /// <summary>From σ = softplus(h), the lecture's parameterization.</summary>
    public static Posterior FromSigma(Tensor mu, Tensor sigma)
    {
        using var variance = sigma.square();
        return new(mu, sigma, variance.log());
    }

    /// <summary>
    /// σ = softplus(h), the lecture's parameterization, from the head's output h. log σ² is computed from h, not from
    /// σ: softplus underflows to 0 in float32 for h below about −88, which an encoder trained without the KL term
    /// (β = 0) reaches, and then log σ² = −∞ and the β · KL term 0 · ∞ = NaN. For h below −20, softplus(h) = e^h to
    /// float precision, so log σ = h there; the log is taken of clamped values only, so no branch has an infinite gradient.
    /// </summary>
    public static Posterior FromSoftplus(Tensor mu, Tensor h)
    {
        var logSigma = torch.where(h < -20, h, functional.softplus(h.clamp_min(-20)).log());
        return new(mu, functional.softplus(h), 2 * logSigma);
    }

    /// <summary>From the network's log σ² (log-variance parameterization).</summary>
    public static Posterior FromLogVar(Tensor mu, Tensor logvar)
    {
        using var halfLogVar = logvar * 0.5;
        return new(mu, halfLogVar.exp(), logvar);
    }

    /// <summary>The reparameterization trick: z = μ + σ ⊙ ε with ε ~ N(0, I), differentiable in μ and σ.</summary>
    public Tensor rsample()
    {
        using var eps = torch.randn_like(sigma);
        using var noise = sigma * eps;
        return mu + noise;
    }

    public void Dispose()
    {
        mu.Dispose();
        sigma.Dispose();
        log_sigma2.Dispose();
    }
}
