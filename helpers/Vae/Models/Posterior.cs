using TorchSharp;
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
