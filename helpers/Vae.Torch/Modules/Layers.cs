using F = Vae.Torch.torch.nn.functional;

namespace Vae.Torch.Modules;

/// <summary>Initial weights and biases uniform on ±1/√fan_in, PyTorch's default for these layers.</summary>
internal static class Init
{
    internal static Tensor Uniform(long[] shape, long fanIn)
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        using var u = torch.rand(shape);
        return (u * (2 * bound)).sub_(bound);
    }
}

/// <summary>y = x Wᵀ + b.</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long in_features, long out_features, bool bias = true)
    {
        weight = register_parameter("weight", Init.Uniform([out_features, in_features], in_features));
        if (bias) this.bias = register_parameter("bias", Init.Uniform([out_features], in_features));
    }

    public Tensor weight { get; }
    public Tensor? bias { get; }
    public override Tensor forward(Tensor x) => F.linear(x, weight, bias);
}

/// <summary>2-D convolution with a square kernel.</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    private readonly long stride, padding;

    public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, bool bias = true)
    {
        (this.stride, this.padding) = (stride, padding);
        var fanIn = in_channels * kernel_size * kernel_size;
        weight = register_parameter("weight", Init.Uniform([out_channels, in_channels, kernel_size, kernel_size], fanIn));
        if (bias) this.bias = register_parameter("bias", Init.Uniform([out_channels], fanIn));
    }

    public Tensor weight { get; }
    public Tensor? bias { get; }
    public override Tensor forward(Tensor x) => F.conv2d(x, weight, bias, stride, padding);
}

/// <summary>Transposed 2-D convolution (the gradient of Conv2d), used to upsample in decoders.</summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    private readonly long stride, padding, outputPadding;

    public ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
        long output_padding = 0, bool bias = true)
    {
        (this.stride, this.padding, outputPadding) = (stride, padding, output_padding);
        // PyTorch computes fan-in from weight.size(1), which is out_channels for a transposed conv.
        var fanIn = out_channels * kernel_size * kernel_size;
        weight = register_parameter("weight", Init.Uniform([in_channels, out_channels, kernel_size, kernel_size], fanIn));
        if (bias) this.bias = register_parameter("bias", Init.Uniform([out_channels], fanIn));
    }

    public Tensor weight { get; }
    public Tensor? bias { get; }
    public override Tensor forward(Tensor x) => F.conv_transpose2d(x, weight, bias, stride, padding, outputPadding);
}

/// <summary>
/// Batch normalization: in training, normalizes by the batch's statistics and updates the running
/// ones; in eval, normalizes by the running statistics.
/// </summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    private readonly double eps, momentum;
    private readonly int[] inputDims;

    private protected BatchNorm(long num_features, double eps, double momentum, params int[] inputDims)
    {
        (this.eps, this.momentum, this.inputDims) = (eps, momentum, inputDims);
        weight = register_parameter("weight", torch.ones([num_features]));
        bias = register_parameter("bias", torch.zeros([num_features]));
        running_mean = register_buffer("running_mean", torch.zeros([num_features]));
        running_var = register_buffer("running_var", torch.ones([num_features]));
        num_batches_tracked = register_buffer("num_batches_tracked", torch.zeros([], torch.int64));
    }

    public Tensor weight { get; }
    public Tensor bias { get; }
    public Tensor running_mean { get; }
    public Tensor running_var { get; }
    public Tensor num_batches_tracked { get; }

    public override Tensor forward(Tensor x)
    {
        if (!inputDims.Contains((int)x.ndim))
            throw new TorchException($"{GetType().Name} expects a {string.Join(" or ", inputDims)}-D input but got shape {Tensor.FormatShape(x.shape)}");
        if (training) num_batches_tracked.add_(1);
        return F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps);
    }
}

public sealed class BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1)
    : BatchNorm(num_features, eps, momentum, 2, 3);

public sealed class BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1)
    : BatchNorm(num_features, eps, momentum, 4);

public sealed class ReLU : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor x) => x.relu();
}

public sealed class Sigmoid : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor x) => x.sigmoid();
}

public sealed class Flatten(long start_dim = 1, long end_dim = -1) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor x) => x.flatten(start_dim, end_dim);
}

/// <summary>Splits one dimension into several: Unflatten(1, [64, 7, 7]) turns N×3136 into N×64×7×7.</summary>
public sealed class Unflatten(long dim, long[] sizes) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor x)
    {
        var shape = x.shape.ToList();
        var d = (int)(dim < 0 ? dim + shape.Count : dim);
        shape.RemoveAt(d);
        shape.InsertRange(d, sizes);
        return x.reshape([.. shape]);
    }
}

/// <summary>Runs its modules in order; they are named "0", "1", … as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor>[] layers;

    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        this.layers = layers;
        for (var i = 0; i < layers.Length; i++) register_module(i.ToString(), layers[i]);
    }

    public int Count => layers.Length;
    public Module<Tensor, Tensor> this[int index] => layers[index];

    public override Tensor forward(Tensor x)
    {
        // Intermediates are freed as soon as the next layer has used them; the caller's scope owns the result.
        var h = x;
        foreach (var layer in layers)
        {
            var next = layer.forward(h);
            if (!ReferenceEquals(h, x) && !ReferenceEquals(h, next)) h.Dispose();
            h = next;
        }
        return h;
    }
}
