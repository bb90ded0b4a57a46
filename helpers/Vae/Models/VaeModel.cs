using TorchSharp;
using Vae.Data;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Core;

namespace Vae.Models;

/// <summary>
/// A variational auto-encoder over 28 × 28 images given as N × 784 rows. <see cref="encode"/> gives q(z|x),
/// <see cref="decode"/> the Bernoulli logits of p(x|z), and <see cref="forward"/> what the loss needs: the logits of a
/// reparameterized sample z ~ q(z|x), and q itself.
/// </summary>
public abstract class VaeModel : nn.Module<Tensor, (Tensor x_logits, Posterior q)>
{
    protected VaeModel(ModelConfig config) : base(config.Kind == ModelKind.Conv ? nameof(ConvVae) : nameof(MlpVae)) => Config = config;

    public ModelConfig Config { get; }
    public int z_dim => Config.Z;
    public Device device => parameters().First().device;
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>q(z|x): μ, σ and log σ² for a batch x (N × 784).</summary>
    public abstract Posterior encode(Tensor x);

    /// <summary>The Bernoulli logits of p(x|z), N × 784; their sigmoid is the pixel probabilities.</summary>
    public abstract Tensor decode(Tensor z);

    public override (Tensor x_logits, Posterior q) forward(Tensor x)
    {
        var q = encode(x);
        return (decode(q.rsample()), q);
    }

    /// <summary>What the lecture shows as the reconstruction: decode(μ(x)) as pixel probabilities.</summary>
    public Tensor reconstruct(Tensor x)
    {
        using var q = encode(x);
        return decode(q.mu).sigmoid();
    }

    /// <summary>
    /// Eval mode (batch normalization uses its running statistics) and no gradient recording until disposed, then
    /// the previous mode again: <c>using (model.InferenceMode()) { … }</c> around every helper's forward passes.
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

    /// <summary>
    /// <paramref name="f"/> over the rows of <paramref name="x"/>, <paramref name="batchSize"/> at a time, in inference
    /// mode with one dispose scope per batch; the results concatenated along the first dimension.
    /// </summary>
    public Tensor Batched(Tensor x, Func<Tensor, Tensor> f, int batchSize = 1000)
    {
        using var inference = InferenceMode();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += batchSize)
            using (var batchScope = NewDisposeScope())
                parts.Add(f(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start))).MoveToOuterDisposeScope());
        return torch.cat(parts).MoveToOuterDisposeScope();
    }

    /// <summary>The model a configuration describes, with fresh weights from libtorch's seeded generator.</summary>
    public static VaeModel Create(ModelConfig config)
    {
        config = config.Validate();
        return config.Kind == ModelKind.Conv ? new ConvVae(config) : new MlpVae(config);
    }

    private protected static void CheckInput(Tensor x)
    {
        if (x.ndim != 2 || x.shape[1] != Dataset.Pixels || !x.is_floating_point())
            throw new ArgumentException($"A VAE takes a batch of flattened 28 × 28 images, N × {Dataset.Pixels} float32; got {x.dtype} {Tensors.Format(x.shape)}.");
    }
}
