using TorchSharp.Modules;
using Vae.Data;
using Vae.Figures;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Models;

/// <summary>
/// The lecture's VAE: encoder 784 → 500 → 500 → 2d with ReLU, split into μ and h (σ = softplus(h), or h = log σ²);
/// decoder d → 500 → 500 → 784 Bernoulli logits. The parameters are named as in notebook 1's own VAE
/// (encoder.0 … encoder.4, decoder.0 … decoder.4), so one state_dict loads into the other.
/// </summary>
public sealed class MlpVae : VaeModel
{
    private readonly Sequential encoder, decoder;

    public MlpVae(ModelConfig config) : base(config)
    {
        encoder = Stack(Dataset.Pixels, config.Hidden, 2 * config.Z);
        decoder = Stack(config.Z, [.. Enumerable.Reverse(config.Hidden)], Dataset.Pixels);
        RegisterComponents();
    }

    // Linear + ReLU for each hidden size, then a Linear layer without activation.
    private static Sequential Stack(long inputs, int[] hidden, long outputs)
    {
        var layers = nn.Sequential();
        foreach (var h in hidden)
        {
            layers.append(nn.Linear(inputs, h));
            layers.append(nn.ReLU());
            inputs = h;
        }
        layers.append(nn.Linear(inputs, outputs));
        return layers;
    }

    public override Posterior encode(Tensor x)
    {
        CheckInput(x);
        var h = encoder.forward(x).chunk(2, dim: 1);
        return Config.Sigma == SigmaHead.LogVar ? Posterior.FromLogVar(h[0], h[1]) : Posterior.FromSoftplus(h[0], h[1]);
    }

    public override Tensor decode(Tensor z) => decoder.forward(z);

    /// <summary>
    /// The decoder's Linear layers in order, as (weight, bias): a ReLU follows every layer but the last, whose outputs are
    /// the Bernoulli logits. For the latent explorer, which runs the decoder in a web page.
    /// </summary>
    internal IReadOnlyList<(Tensor weight, Tensor bias)> DecoderLayers() =>
        [.. decoder.children().OfType<Linear>().Select(layer => (layer.weight!, layer.bias!))];
}
