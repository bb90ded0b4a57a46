using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Tests.Models;

internal static class TestPosterior
{
    /// <summary>q = N(μ, σ²) given σ itself, for hand computations.</summary>
    public static Posterior FromSigma(Tensor mu, Tensor sigma) => new(mu, sigma, sigma.square().log());
}
