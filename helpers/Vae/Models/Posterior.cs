using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Vae.Models;

/// <summary>
/// The encoder's q(z|x) = N(μ, diag σ²) for a batch: μ and σ (N × d), and log σ² kept exactly as computed, so the KL
/// term never takes the log of a σ² that rounded to 0. <c>var (z_mu, z_sigma) = vae.encode(x)</c> as in the lecture.
/// </summary>
public sealed record Posterior(Tensor mu, Tensor sigma, Tensor log_sigma2) : IDisposable
{
    /// <summary>
    /// σ = softplus(h), the lecture's parameterization. log σ² comes from h, not from σ: softplus underflows to 0 in
    /// float32 for h below about −88, which an encoder trained without the KL term (β = 0) reaches, and then log σ² = −∞
    /// and β · KL = 0 · ∞ = NaN. Below h = −20, softplus(h) = e^h to float precision, so log σ = h there; the branch not
    /// taken logs σ clamped away from 0, so neither branch has an infinite gradient.
    /// </summary>
    public static Posterior FromSoftplus(Tensor mu, Tensor h)
    {
        var sigma = functional.softplus(h);
        return new(mu, sigma, 2 * torch.where(h < -20, h, sigma.clamp_min(1e-30).log()));
    }

    /// <summary>From the network's log σ² (the log-variance parameterization): σ = exp(½ log σ²).</summary>
    public static Posterior FromLogVar(Tensor mu, Tensor logvar) => new(mu, (0.5 * logvar).exp(), logvar);

    public void Deconstruct(out Tensor mu, out Tensor sigma) => (mu, sigma) = (this.mu, this.sigma);

    /// <summary>The reparameterization trick: z = μ + σ ⊙ ε with ε ~ N(0, I), differentiable in μ and σ.</summary>
    public Tensor rsample() => mu + sigma * torch.randn_like(sigma);

    public void Dispose()
    {
        mu.Dispose();
        sigma.Dispose();
        log_sigma2.Dispose();
    }
}
