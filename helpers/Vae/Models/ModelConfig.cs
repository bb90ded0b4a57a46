using System.Text.Json.Serialization;

namespace Vae.Models;

/// <summary>
/// What a VAE looks like: "mlp" (the lecture's 784 → 500 → 500 → (μ, σ), mirrored decoder) or
/// "conv" (the lecture's convolutional VAE with batch normalization); the latent size z; the MLP's
/// hidden sizes; and how the encoder outputs σ: "softplus" (σ = softplus(h), the lecture's) or
/// "logvar" (the network outputs log σ², as pytorch/examples does; always so for conv).
/// </summary>
public sealed record ModelConfig
{
    public string Kind { get; init; } = "mlp";
    public int Z { get; init; } = 2;
    public int[] Hidden { get; init; } = [500, 500];
    public string Sigma { get; init; } = "softplus";

    [JsonIgnore] public bool LogVar => Sigma == "logvar";

    public ModelConfig Validate()
    {
        if (Kind is not ("mlp" or "conv")) throw new ArgumentException($"Unknown model '{Kind}'. Use mlp or conv.");
        if (Z < 1) throw new ArgumentException($"The latent size z must be at least 1, got {Z}.");
        if (Sigma is not ("softplus" or "logvar")) throw new ArgumentException($"Unknown σ parameterization '{Sigma}'. Use softplus or logvar.");
        if (Kind == "mlp" && (Hidden.Length == 0 || Hidden.Any(h => h < 1)))
            throw new ArgumentException($"Hidden sizes must be positive integers, got [{string.Join(", ", Hidden)}].");
        if (Kind == "conv" && Sigma != "logvar") return this with { Sigma = "logvar" };
        return this;
    }

    public override string ToString() => Kind == "mlp"
        ? $"MLP VAE 784-{string.Join("-", Hidden)}-{Z} (σ: {Sigma})"
        : $"convolutional VAE, z = {Z} (log σ²)";

    public bool Equals(ModelConfig? other) =>
        other is not null && Kind == other.Kind && Z == other.Z && Sigma == other.Sigma && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Kind, Z, Sigma, Hidden.Length);
}
