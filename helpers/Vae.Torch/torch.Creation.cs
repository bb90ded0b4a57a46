using Vae.Torch.Native;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

// Tensor creation, as torch.zeros, torch.randn, torch.tensor …
public static unsafe partial class torch
{
    private static Tensor New(Fill fill, ReadOnlySpan<long> shape, ScalarType? dtype, Device? device, bool requires_grad)
    {
        var d = device ?? Device.CPU;
        Tensor t;
        fixed (long* p = shape) t = new Tensor(vt_new((int)fill, p, shape.Length, (int)(dtype ?? float32), (int)d.type, d.index));
        return requires_grad ? t.requires_grad_() : t;
    }

    public static Tensor empty(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        New(Fill.Empty, shape, dtype, device, requires_grad);
    public static Tensor zeros(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        New(Fill.Zeros, shape, dtype, device, requires_grad);
    public static Tensor ones(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        New(Fill.Ones, shape, dtype, device, requires_grad);

    /// <summary>Uniform on [0, 1).</summary>
    public static Tensor rand(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        New(Fill.Rand, shape, dtype, device, requires_grad);

    /// <summary>Standard normal N(0, 1).</summary>
    public static Tensor randn(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        New(Fill.Randn, shape, dtype, device, requires_grad);

    public static Tensor zeros_like(Tensor t) => new(vt_like((int)Fill.Zeros, t.Handle));
    public static Tensor ones_like(Tensor t) => new(vt_like((int)Fill.Ones, t.Handle));
    public static Tensor rand_like(Tensor t) => new(vt_like((int)Fill.Rand, t.Handle));
    public static Tensor randn_like(Tensor t) => new(vt_like((int)Fill.Randn, t.Handle));

    /// <summary>Filled with value; the dtype follows the value (int64 for integers, bool for booleans, float32 otherwise) unless given.</summary>
    public static Tensor full(long[] shape, Scalar value, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? Device.CPU;
        var type = dtype ?? value.Value.Kind switch { 1 => int64, 2 => @bool, _ => float32 };
        fixed (long* p = shape) return new Tensor(vt_full(p, shape.Length, value.Value, (int)type, (int)d.type, d.index));
    }

    /// <summary>start, start + step, … below end; int64 when all three are integers, else float32.</summary>
    public static Tensor arange(Scalar start, Scalar end, Scalar? step = null, ScalarType? dtype = null, Device? device = null)
    {
        var s = step ?? 1;
        var d = device ?? Device.CPU;
        var integral = !start.Value.IsFloating && !end.Value.IsFloating && !s.Value.IsFloating;
        var type = dtype ?? (integral ? int64 : float32);
        return new Tensor(vt_arange(start.Value, end.Value, s.Value, (int)type, (int)d.type, d.index));
    }

    /// <summary>0, 1, … below end. For a dtype, use the full form: arange(0, end, dtype: …) (a literal 0 would convert to ScalarType here).</summary>
    public static Tensor arange(Scalar end) => arange(0, end);

    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return new Tensor(vt_linspace(start, end, steps, (int)(dtype ?? float32), (int)d.type, d.index));
    }

    /// <summary>A random permutation of 0 … n-1 (int64), from libtorch's seeded generator.</summary>
    public static Tensor randperm(long n, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return new Tensor(vt_randperm(n, (int)d.type, d.index));
    }

    /// <summary>A tensor holding a copy of values (one copy), shaped as shape (default: one dimension).</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> values, long[] shape, Device? device = null) where T : unmanaged
    {
        var d = device ?? Device.CPU;
        var type = ScalarTypes.Of<T>();
        fixed (T* data = values)
        fixed (long* s = shape)
            return new Tensor(vt_tensor_from_data(data, (long)values.Length * sizeof(T), s, shape.Length, (int)type, (int)d.type, d.index));
    }

    public static Tensor tensor<T>(T[] values, long[]? shape = null, Device? device = null) where T : unmanaged =>
        tensor<T>(values.AsSpan(), shape ?? [values.LongLength], device);

    public static Tensor tensor(float value, Device? device = null) => tensor<float>([value], [], device);
    public static Tensor tensor(double value, Device? device = null) => tensor<double>([value], [], device);

    public static Tensor tensor(float[,] values, Device? device = null)
    {
        var flat = new float[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(float));
        return tensor<float>(flat, [values.GetLength(0), values.GetLength(1)], device);
    }

    // ---- joins ----

    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: false);
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: true);

    private static Tensor Join(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        if (tensors.Count == 0) throw new ArgumentException($"{(stack ? "stack" : "cat")} needs at least one tensor", nameof(tensors));
        var handles = tensors.Select(t => t.Handle).ToArray();
        fixed (IntPtr* p = handles)
            return new Tensor(stack ? vt_stack(p, handles.Length, dim) : vt_cat(p, handles.Length, dim));
    }

    /// <summary>Element-wise choice: a where condition holds, b elsewhere.</summary>
    public static Tensor where(Tensor condition, Tensor a, Tensor b) => new(vt_where(condition.Handle, a.Handle, b.Handle));
}
