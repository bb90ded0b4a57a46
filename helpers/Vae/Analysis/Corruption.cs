using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Analysis;

/// <summary>
/// Damaged copies of images (N × 784 in [0, 1]) for the denoising experiment. Each takes a seed and reseeds libtorch's
/// generator with it, so the same seed damages the same pixels in the same way.
/// </summary>
public static class Corruption
{
    /// <summary>Sensor noise: x̃ = clip(x + s·ε, 0, 1) with ε ~ N(0, I), clipped so that x̃ is still an image.</summary>
    public static Tensor GaussianNoise(Tensor x, double std, long seed)
    {
        if (!(std >= 0) || !double.IsFinite(std)) throw new ArgumentOutOfRangeException(nameof(std), $"the noise level must be zero or positive, got {std}");
        torch.manual_seed(seed);
        using var scope = NewDisposeScope();
        return (x + torch.randn_like(x) * std).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Missing pixels: each pixel independently set to 0 (black) with probability <paramref name="fraction"/>, the rest kept.</summary>
    public static Tensor Mask(Tensor x, double fraction, long seed)
    {
        if (!(fraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"the masked fraction must lie in [0, 1], got {fraction}");
        torch.manual_seed(seed);
        using var scope = NewDisposeScope();
        return (x * torch.rand_like(x).ge(fraction).to(x.dtype)).MoveToOuterDisposeScope();
    }
}
