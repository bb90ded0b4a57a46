using System.Runtime.InteropServices;

namespace Vae.Torch.Native;

/// <summary>A Python-like number as the shim takes it: integral values keep integer type promotion.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeScalar
{
    public readonly double Real;
    public readonly long Integer;
    public readonly int Kind; // 0 floating, 1 integral, 2 boolean

    public NativeScalar(double real) { Real = real; Integer = 0; Kind = 0; }
    public NativeScalar(long integer) { Real = integer; Integer = integer; Kind = 1; }
    public NativeScalar(bool value) { Real = value ? 1 : 0; Integer = value ? 1 : 0; Kind = 2; }

    public bool IsFloating => Kind == 0;
}

// Mirrors helpers/native/vaetorch.h, area by area. Handles are IntPtr; IntPtr.Zero (or -1 from an
// int-returning call) means failure and vt_last_error() holds the message.
internal static unsafe partial class NativeMethods
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    // runtime.cpp
    [LibraryImport(Lib)] internal static partial IntPtr vt_last_error();
    [LibraryImport(Lib)] internal static partial IntPtr vt_torch_version();
    [LibraryImport(Lib)] internal static partial int vt_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int vt_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int vt_cuda_synchronize(int deviceIndex);
    [LibraryImport(Lib)] internal static partial int vt_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int vt_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int vt_get_num_threads();
    [LibraryImport(Lib)] internal static partial void vt_free_string(IntPtr s);

    // tensor.cpp
    [LibraryImport(Lib)] internal static partial void vt_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial int vt_tensor_ndim(IntPtr t, long* ndim);
    [LibraryImport(Lib)] internal static partial int vt_tensor_shape(IntPtr t, long* shape);
    [LibraryImport(Lib)] internal static partial int vt_tensor_dtype(IntPtr t, int* dtype);
    [LibraryImport(Lib)] internal static partial int vt_tensor_device(IntPtr t, int* type, int* index);
    [LibraryImport(Lib)] internal static partial int vt_tensor_numel(IntPtr t, long* numel);
    [LibraryImport(Lib)] internal static partial int vt_tensor_item(IntPtr t, double* real, long* integer);
    [LibraryImport(Lib)] internal static partial IntPtr vt_tensor_to_string(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr vt_tensor_from_data(void* data, long nbytes, long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial int vt_tensor_copy_to(IntPtr t, void* dst, long nbytes);
    [LibraryImport(Lib)] internal static partial IntPtr vt_new(int fill, long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr vt_full(long* shape, int ndim, NativeScalar value, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr vt_arange(NativeScalar start, NativeScalar end, NativeScalar step, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr vt_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr vt_randperm(long n, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr vt_like(int fill, IntPtr t);

    // ops.cpp
    [LibraryImport(Lib)] internal static partial IntPtr vt_unary(int op, IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr vt_binary(int op, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr vt_binary_scalar(int op, IntPtr a, NativeScalar b);
    [LibraryImport(Lib)] internal static partial int vt_binary_(int op, IntPtr self, IntPtr other);
    [LibraryImport(Lib)] internal static partial int vt_binary_scalar_(int op, IntPtr self, NativeScalar other);
    [LibraryImport(Lib)] internal static partial IntPtr vt_clamp(IntPtr a, double* min, double* max);
    [LibraryImport(Lib)] internal static partial IntPtr vt_where(IntPtr condition, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr vt_matmul(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial int vt_copy_(IntPtr self, IntPtr src);
    [LibraryImport(Lib)] internal static partial int vt_fill_(IntPtr self, NativeScalar value);
    [LibraryImport(Lib)] internal static partial IntPtr vt_reduce(int op, IntPtr a, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_argmax(IntPtr a, long* dim, int keepdim);

    // shape.cpp
    [LibraryImport(Lib)] internal static partial IntPtr vt_reshape(IntPtr a, long* shape, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_view(IntPtr a, long* shape, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_flatten(IntPtr a, long startDim, long endDim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_permute(IntPtr a, long* dims, int ndims);
    [LibraryImport(Lib)] internal static partial IntPtr vt_transpose(IntPtr a, long dim0, long dim1);
    [LibraryImport(Lib)] internal static partial IntPtr vt_unsqueeze(IntPtr a, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_squeeze(IntPtr a, long* dim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_expand(IntPtr a, long* shape, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_contiguous(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr vt_narrow(IntPtr a, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr vt_select(IntPtr a, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr vt_index_select(IntPtr a, long dim, IntPtr index);
    [LibraryImport(Lib)] internal static partial IntPtr vt_masked_select(IntPtr a, IntPtr mask);
    [LibraryImport(Lib)] internal static partial IntPtr vt_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr vt_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial int vt_chunk(IntPtr a, long chunks, long dim, IntPtr* output, int* count);
    [LibraryImport(Lib)] internal static partial IntPtr vt_to(IntPtr a, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr vt_clone(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr vt_detach(IntPtr a);
    [LibraryImport(Lib)] internal static partial IntPtr vt_alias(IntPtr a);
    [LibraryImport(Lib)] internal static partial int vt_set_data(IntPtr self, IntPtr src);

    // autograd.cpp
    [LibraryImport(Lib)] internal static partial int vt_requires_grad(IntPtr t, int* value);
    [LibraryImport(Lib)] internal static partial int vt_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Lib)] internal static partial int vt_is_leaf(IntPtr t, int* value);
    [LibraryImport(Lib)] internal static partial IntPtr vt_grad(IntPtr t, int* defined);
    [LibraryImport(Lib)] internal static partial int vt_zero_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int vt_backward(IntPtr t, IntPtr gradient, int retainGraph);
    [LibraryImport(Lib)] internal static partial int vt_grad_enabled();
    [LibraryImport(Lib)] internal static partial void vt_set_grad_enabled(int enabled);

    // nn.cpp
    [LibraryImport(Lib)] internal static partial IntPtr vt_linear(IntPtr x, IntPtr weight, IntPtr bias);
    [LibraryImport(Lib)] internal static partial IntPtr vt_conv2d(IntPtr x, IntPtr weight, IntPtr bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr vt_conv_transpose2d(IntPtr x, IntPtr weight, IntPtr bias, long* stride, long* padding, long* outputPadding, long* dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr vt_batch_norm(IntPtr x, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr vt_softplus(IntPtr x, double beta, double threshold);
    [LibraryImport(Lib)] internal static partial IntPtr vt_binary_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, int reduction);
    [LibraryImport(Lib)] internal static partial IntPtr vt_binary_cross_entropy_with_logits(IntPtr input, IntPtr target, IntPtr weight, IntPtr posWeight, int reduction);
    [LibraryImport(Lib)] internal static partial IntPtr vt_mse_loss(IntPtr input, IntPtr target, int reduction);

    // optim.cpp
    [LibraryImport(Lib)] internal static partial IntPtr vt_adam_new(IntPtr* parameters, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad, int fused);
    [LibraryImport(Lib)] internal static partial void vt_adam_free(IntPtr opt);
    [LibraryImport(Lib)] internal static partial int vt_adam_step(IntPtr opt);
    [LibraryImport(Lib)] internal static partial int vt_adam_zero_grad(IntPtr opt);
    [LibraryImport(Lib)] internal static partial int vt_adam_set_lr(IntPtr opt, double lr);
    [LibraryImport(Lib)] internal static partial int vt_adam_get_state(IntPtr opt, int param, long* step, IntPtr* expAvg, IntPtr* expAvgSq, IntPtr* maxExpAvgSq);
    [LibraryImport(Lib)] internal static partial int vt_adam_set_state(IntPtr opt, int param, long step, IntPtr expAvg, IntPtr expAvgSq, IntPtr maxExpAvgSq);

    // profiler.cpp
    [LibraryImport(Lib)] internal static partial int vt_profiler_start();
    [LibraryImport(Lib)] internal static partial IntPtr vt_profiler_stop();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr vt_record_begin(string name);
    [LibraryImport(Lib)] internal static partial void vt_record_end(IntPtr record);

    /// <summary>Throws the thread's libtorch error when a handle-returning call failed.</summary>
    internal static IntPtr Check(IntPtr handle) => handle != IntPtr.Zero ? handle : throw TorchException.FromNative();

    /// <summary>Throws the thread's libtorch error when a status-returning call failed.</summary>
    internal static void Check(int status)
    {
        if (status != 0) throw TorchException.FromNative();
    }

    internal static string? TakeString(IntPtr s)
    {
        if (s == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(s); }
        finally { vt_free_string(s); }
    }
}

// Operation codes: the enums of vaetorch.h, in the same order.
internal enum Fill { Empty, Zeros, Ones, Rand, Randn }
internal enum UnaryOp { Neg, Exp, Log, Log1p, Sqrt, Abs, Sigmoid, Relu, Tanh, Softplus, Square, Floor, Round, Sign, IsNan, IsFinite, LogicalNot, Bernoulli }
internal enum BinaryOp { Add, Sub, Mul, Div, Pow, Eq, Ne, Lt, Le, Gt, Ge, Maximum, Minimum, LogicalAnd, LogicalOr, RSub, RDiv, RPow }
internal enum ReduceOp { Sum, Mean, Amax, Amin, LogSumExp, Var, Std }
