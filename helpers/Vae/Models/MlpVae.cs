using TorchSharp;
using TorchSharp.Modules;
using Vae.Data;
using static TorchSharp.torch;

namespace Vae.Models;

/// <summary>
/// The lecture's VAE: encoder 784 → 500 → 500 → (μ, σ) with ReLU, σ = softplus; decoder
/// z → 500 → 500 → 784 giving Bernoulli logits. Hidden sizes and z come from the configuration.
/// </summary>
public sealed class MlpVae : VaeModel
{
    private readonly Sequential encoder, decoder;
    private readonly Linear mu;
    // Exactly one head exists, named after what it outputs, so a checkpoint of the other parameterization fails by name.
    private readonly Linear? sigma, logvar;

    public MlpVae(ModelConfig config) : base(config)
    {
        var width = (long)Dataset.Pixels;
        encoder = nn.Sequential();
        foreach (var h in config.Hidden)
        {
            encoder.append(nn.Linear(width, h));
            encoder.append(nn.ReLU());
            width = h;
        }
        mu = nn.Linear(width, config.Z);
        if (config.LogVar) logvar = nn.Linear(width, config.Z);
        else sigma = nn.Linear(width, config.Z);

        decoder = nn.Sequential();
        width = config.Z;
        foreach (var h in Enumerable.Reverse(config.Hidden))
        {
            decoder.append(nn.Linear(width, h));
            decoder.append(nn.ReLU());
            width = h;
        }
        decoder.append(nn.Linear(width, Dataset.Pixels));
        RegisterComponents();
    }

    public override Posterior encode(Tensor x)
    {
        CheckInput(x);
        using var h = encoder.forward(x);
        return logvar is not null
            ? Posterior.FromLogVar(mu.forward(h), logvar.forward(h))
            : Posterior.FromSoftplus(mu.forward(h), sigma!.forward(h));
    }

    public override Tensor decode(Tensor z) => decoder.forward(z);

    /// <summary>
    /// The decoder's Linear layers in order, copied to the CPU as float32: a ReLU follows every layer but the
    /// last, whose outputs are the Bernoulli logits. For code that evaluates the decoder outside libtorch
    /// (the latent explorer runs it in a web page); the module and its parameter names stay as they are.
    /// </summary>
    public IReadOnlyList<LinearWeights> DecoderLayers()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return decoder.children().OfType<Linear>().Select(layer => new LinearWeights(
            (int)layer.in_features, (int)layer.out_features,
            layer.weight!.detach().cpu().to(float32).data<float>().ToArray(),
            layer.bias!.detach().cpu().to(float32).data<float>().ToArray())).ToList();
    }
}
