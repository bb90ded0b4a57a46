using Vae.Torch.Modules;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

public static unsafe partial class torch
{
    /// <summary>Layers (as factory functions, TorchSharp style) and torch.nn.functional.</summary>
    public static class nn
    {
        public static Linear Linear(long in_features, long out_features, bool bias = true) => new(in_features, out_features, bias);
        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, bool bias = true) =>
            new(in_channels, out_channels, kernel_size, stride, padding, bias);
        public static ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1,
            long padding = 0, long output_padding = 0, bool bias = true) =>
            new(in_channels, out_channels, kernel_size, stride, padding, output_padding, bias);
        public static BatchNorm1d BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1) => new(num_features, eps, momentum);
        public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1) => new(num_features, eps, momentum);
        public static ReLU ReLU() => new();
        public static Sigmoid Sigmoid() => new();
        public static Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);
        public static Unflatten Unflatten(long dim, long[] sizes) => new(dim, sizes);
        public static Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers);

        /// <summary>How a loss over elements is reduced, as PyTorch's reduction argument.</summary>
        public enum Reduction { None = 0, Mean = 1, Sum = 2 }

        public static class functional
        {
            public static Tensor linear(Tensor x, Tensor weight, Tensor? bias = null) =>
                new(vt_linear(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero));

            public static Tensor conv2d(Tensor x, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1)
            {
                long* s = stackalloc long[] { stride, stride };
                long* p = stackalloc long[] { padding, padding };
                long* d = stackalloc long[] { dilation, dilation };
                return new(vt_conv2d(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, s, p, d, 1));
            }

            public static Tensor conv_transpose2d(Tensor x, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
                long output_padding = 0, long dilation = 1)
            {
                long* s = stackalloc long[] { stride, stride };
                long* p = stackalloc long[] { padding, padding };
                long* o = stackalloc long[] { output_padding, output_padding };
                long* d = stackalloc long[] { dilation, dilation };
                return new(vt_conv_transpose2d(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, s, p, o, d, 1));
            }

            /// <summary>Updates running_mean and running_var in place when training.</summary>
            public static Tensor batch_norm(Tensor x, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(vt_batch_norm(x.Handle, weight?.Handle ?? IntPtr.Zero, bias?.Handle ?? IntPtr.Zero,
                    running_mean?.Handle ?? IntPtr.Zero, running_var?.Handle ?? IntPtr.Zero, training ? 1 : 0, momentum, eps));

            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor sigmoid(Tensor x) => x.sigmoid();

            /// <summary>log(1 + exp(βx)) / β, linear above the threshold for stability.</summary>
            public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20) => new(vt_softplus(x.Handle, beta, threshold));

            /// <summary>−[t log p + (1 − t) log(1 − p)] for probabilities p (log clamped at −100, as PyTorch).</summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                new(vt_binary_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, (int)reduction));

            /// <summary>The same loss from logits, computed stably without forming sigmoid(logits).</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                Tensor? pos_weight = null, Reduction reduction = Reduction.Mean) =>
                new(vt_binary_cross_entropy_with_logits(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero,
                    pos_weight?.Handle ?? IntPtr.Zero, (int)reduction));

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(vt_mse_loss(input.Handle, target.Handle, (int)reduction));
        }
    }

    public static class optim
    {
        /// <summary>
        /// libtorch's Adam. With fused, steps on contiguous float32 CPU parameters run as one pass
        /// over memory (same update, float rounding aside), as PyTorch's fused=True does.
        /// </summary>
        public static Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool fused = false) =>
            new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, fused);
    }
}
