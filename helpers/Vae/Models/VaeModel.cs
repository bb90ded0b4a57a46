using Vae.Data;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using Vae.Torch;

namespace Vae.Models;

/// <summary>
/// A variational auto-encoder over 28 × 28 images given as N × 784 rows: encode(x) gives q(z|x),
/// decode(z) gives the Bernoulli logits of p(x|z).
/// </summary>
public abstract class VaeModel : nn.Module<Tensor, Tensor>
{
    protected VaeModel(ModelConfig config) : base(config.Kind == "conv" ? nameof(ConvVae) : nameof(MlpVae)) => Config = config;

    public ModelConfig Config { get; }
    public int z_dim => Config.Z;

    /// <summary>q(z|x): μ, σ and log σ² for a batch x (N × 784).</summary>
    public abstract Posterior encode(Tensor x);

    /// <summary>The Bernoulli logits of p(x|z), N × 784; sigmoid gives pixel probabilities.</summary>
    public abstract Tensor decode(Tensor z);

    /// <summary>Pixel probabilities (the mean image) of p(x|z).</summary>
    public Tensor decode_probs(Tensor z)
    {
        using var logits = decode(z);
        return logits.sigmoid();
    }

    /// <summary>The reconstruction the lecture shows: decode(μ(x)), as probabilities.</summary>
    public override Tensor forward(Tensor x)
    {
        using var q = encode(x);
        return decode_probs(q.mu);
    }

    /// <summary>n new images from the prior: z ~ N(0, I), shown as pixel probabilities.</summary>
    public Tensor sample(int n)
    {
        using var z = torch.randn([n, z_dim], device: parameters().First().device);
        return decode_probs(z);
    }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>
    /// Eval mode (BatchNorm uses its running statistics) and no gradient recording until disposed, then the previous
    /// mode again: <c>using (model.InferenceMode()) { … }</c>, around every figure's and score's forward passes.
    /// </summary>
    public IDisposable InferenceMode() => new InferenceScope(this);

    private sealed class InferenceScope : IDisposable
    {
        private readonly VaeModel model;
        private readonly bool wasTraining;
        private readonly IDisposable noGrad = torch.no_grad();

        public InferenceScope(VaeModel model)
        {
            this.model = model;
            wasTraining = model.training;
            model.eval();
        }

        public void Dispose()
        {
            noGrad.Dispose();
            model.train(wasTraining);
        }
    }

    public Device device => parameters().First().device;

    /// <summary>The model a configuration describes, with fresh weights from libtorch's seeded generator.</summary>
    public static VaeModel Create(ModelConfig config)
    {
        config = config.Validate();
        return config.Kind == "conv" ? new ConvVae(config) : new MlpVae(config);
    }

    private protected static void CheckInput(Tensor x)
    {
        if (x.ndim != 2 || x.shape[1] != Dataset.Pixels || !x.is_floating_point())
            throw new ArgumentException($"A VAE takes a batch of flattened 28 × 28 images, N × {Dataset.Pixels} float32; got {x.dtype} {Shapes.Format(x.shape)}.");
    }
}
