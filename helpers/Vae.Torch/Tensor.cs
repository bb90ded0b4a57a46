using Vae.Torch.Native;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

/// <summary>
/// A libtorch tensor. Owns one native handle, freed by <see cref="Dispose"/> or by the innermost
/// <see cref="DisposeScope"/> that was open when it was created; the finalizer is only a safety net.
/// Methods are named as in PyTorch and TorchSharp (sum, reshape, backward, to).
/// </summary>
public sealed unsafe partial class Tensor : IDisposable
{
    private IntPtr handle;

    internal Tensor(IntPtr handle)
    {
        this.handle = Check(handle);
        Scope = DisposeScope.Current;
        Scope?.Add(this);
    }

    ~Tensor() => DisposeHandle();

    /// <summary>The dispose scope that will free this tensor, if any.</summary>
    internal DisposeScope? Scope { get; set; }

    internal IntPtr Handle => handle != IntPtr.Zero
        ? handle
        : throw new ObjectDisposedException(nameof(Tensor),
            "This tensor was disposed (by Dispose() or by the dispose scope it was created in). " +
            "To keep a tensor past its scope, call MoveToOuterDisposeScope() or DetachFromDisposeScope() on it.");

    public bool IsDisposed => handle == IntPtr.Zero;

    public void Dispose()
    {
        DisposeHandle();
        Scope?.Remove(this);
        Scope = null;
    }

    internal void DisposeHandle()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h == IntPtr.Zero) return;
        vt_tensor_free(h);
        GC.SuppressFinalize(this);
    }

    /// <summary>Keeps this tensor alive past the current dispose scope, handing it to the enclosing one.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var scope = Scope;
        if (scope is not null && scope.Remove(this))
        {
            Scope = scope.Outer;
            Scope?.Add(this);
        }
        return this;
    }

    /// <summary>Takes this tensor out of every dispose scope: the caller disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Remove(this);
        Scope = null;
        return this;
    }

    // ---- properties ----

    public long ndim
    {
        get { long n; Check(vt_tensor_ndim(Handle, &n)); return n; }
    }

    public long[] shape
    {
        get
        {
            var result = new long[ndim];
            fixed (long* p = result) Check(vt_tensor_shape(Handle, p));
            return result;
        }
    }

    public long size(long dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} is out of range for a tensor of shape {FormatShape(s)}");
        return s[d];
    }

    public long numel()
    {
        long n;
        Check(vt_tensor_numel(Handle, &n));
        return n;
    }

    public ScalarType dtype
    {
        get { int t; Check(vt_tensor_dtype(Handle, &t)); return (ScalarType)t; }
    }

    public Device device
    {
        get
        {
            int type, index;
            Check(vt_tensor_device(Handle, &type, &index));
            return new Device((DeviceType)type, index);
        }
    }

    // ---- data in and out ----

    /// <summary>The elements, in row-major order, copied once into a new array. T must match dtype.</summary>
    public T[] data<T>() where T : unmanaged
    {
        var expected = ScalarTypes.Of<T>();
        if (dtype != expected)
            throw new TorchException($"data<{typeof(T).Name}>() needs a {expected.Name()} tensor but this one is {dtype.Name()}; convert it first with .to(torch.{expected.Name()}).");
        var result = new T[numel()];
        fixed (T* p = result) Check(vt_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        double real;
        long integer;
        Check(vt_tensor_item(Handle, &real, &integer));
        object value = typeof(T) == typeof(float) ? (float)real
            : typeof(T) == typeof(double) ? real
            : typeof(T) == typeof(long) ? integer
            : typeof(T) == typeof(int) ? checked((int)integer)
            : typeof(T) == typeof(bool) ? integer != 0
            : typeof(T) == typeof(byte) ? checked((byte)integer)
            : throw new ArgumentException($"item<{typeof(T).Name}>() is not supported; use float, double, long, int, bool or byte.");
        return (T)value;
    }

    /// <summary>libtorch's printout for small tensors; shape, dtype and device for large ones.</summary>
    public override string ToString()
    {
        if (IsDisposed) return "Tensor (disposed)";
        var summary = $"Tensor {FormatShape(shape)} {dtype.Name()} {device}";
        return numel() <= 400 ? $"{summary}\n{TakeString(Check(vt_tensor_to_string(Handle)))}" : summary;
    }

    /// <summary>"[N, 784]": how messages show a shape.</summary>
    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
