using System.Text.Json.Serialization;

namespace Vae.Models;

/// <summary>The architecture: the lecture's MLP, or its convolutional VAE with batch normalization.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelKind>))]
public enum ModelKind { Mlp, Conv }

/// <summary>How the encoder's second half h becomes σ: σ = softplus(h) (the lecture's) or h = log σ² (pytorch/examples').</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SigmaHead>))]
public enum SigmaHead { Softplus, LogVar }

/// <summary>What a VAE looks like; saved in every checkpoint, so a checkpoint names the model it holds.</summary>
public sealed record ModelConfig
{
    /// <summary>Mlp: 784 → Hidden… → 2·Z, mirrored decoder. Conv: fixed convolutional layers (Hidden is not used).</summary>
    public ModelKind Kind { get; init; } = ModelKind.Mlp;

    /// <summary>The latent size d of z; the lecture's is 2, so that the latent space can be drawn.</summary>
    public int Z { get; init; } = 2;

    /// <summary>The MLP's hidden layer sizes, encoder order; the lecture's h_dim = 500, twice.</summary>
    public int[] Hidden { get; init; } = [500, 500];

    /// <summary>The lecture's softplus σ; the convolutional VAE always uses log σ².</summary>
    public SigmaHead Sigma { get; init; } = SigmaHead.Softplus;

    /// <summary>This configuration with the conv VAE's fixed σ head; an error names the property and the bad value.</summary>
    public ModelConfig Validate()
    {
        if (Z < 1) throw new ConfigurationException(nameof(Z), $"must be at least 1, got {Z}");
        if (Kind == ModelKind.Mlp && (Hidden is null || Hidden.Length == 0 || Hidden.Any(h => h < 1)))
            throw new ConfigurationException(nameof(Hidden), $"must be one or more positive sizes, got [{string.Join(", ", Hidden ?? [])}]");
        return Kind == ModelKind.Conv ? this with { Sigma = SigmaHead.LogVar } : this;
    }

    public override string ToString() => Kind == ModelKind.Mlp
        ? $"MLP VAE 784-{string.Join("-", Hidden)}-{Z} (σ: {(Sigma == SigmaHead.Softplus ? "softplus" : "log σ²")})"
        : $"convolutional VAE, z = {Z} (log σ²)";

    public bool Equals(ModelConfig? other) =>
        other is not null && Kind == other.Kind && Z == other.Z && Sigma == other.Sigma && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Kind, Z, Sigma, Hidden.Length);
}
