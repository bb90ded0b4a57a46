using Vae.Data;
using Vae.Torch;
using Vae.Torch.Modules;
using static Vae.Torch.torch;

namespace Vae.Models;

/// <summary>
/// The lecture's VAE: encoder 784 → 500 → 500 → (μ, σ) with ReLU, σ = softplus; decoder
/// z → 500 → 500 → 784 giving Bernoulli logits. Hidden sizes and z come from the configuration.
/// </summary>
public sealed class MlpVae : VaeModel
{
    private readonly Sequential encoder, decoder;
    private readonly Linear mu, sigma;

    public MlpVae(ModelConfig config) : base(config)
    {
        var hidden = config.Hidden;
        var layers = new List<Module<Tensor, Tensor>>();
        long width = Dataset.Pixels;
        foreach (var h in hidden)
        {
            layers.Add(nn.Linear(width, h));
            layers.Add(nn.ReLU());
            width = h;
        }
        encoder = register_module("encoder", nn.Sequential([.. layers]));
        mu = register_module("mu", nn.Linear(width, config.Z));
        // The head is named after what it outputs, so a checkpoint of the other parameterization fails by name.
        sigma = register_module(config.LogVar ? "logvar" : "sigma", nn.Linear(width, config.Z));

        layers.Clear();
        width = config.Z;
        foreach (var h in Enumerable.Reverse(hidden))
        {
            layers.Add(nn.Linear(width, h));
            layers.Add(nn.ReLU());
            width = h;
        }
        layers.Add(nn.Linear(width, Dataset.Pixels));
        decoder = register_module("decoder", nn.Sequential([.. layers]));
    }

    public override Posterior encode(Tensor x)
    {
        CheckInput(x);
        using var h = encoder.forward(x);
        var m = mu.forward(h);
        using var s = sigma.forward(h);
        return Config.LogVar ? Posterior.FromLogVar(m, s.alias()) : Posterior.FromSigma(m, s.softplus());
    }

    public override Tensor decode(Tensor z) => decoder.forward(z);
}
