using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

// Views, reshapes, indexing, splitting and conversion between dtypes and devices.
public sealed unsafe partial class Tensor
{
    public Tensor reshape(params long[] shape)
    {
        fixed (long* p = shape) return new(vt_reshape(Handle, p, shape.Length));
    }

    public Tensor view(params long[] shape)
    {
        fixed (long* p = shape) return new(vt_view(Handle, p, shape.Length));
    }

    public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(vt_flatten(Handle, start_dim, end_dim));

    public Tensor permute(params long[] dims)
    {
        fixed (long* p = dims) return new(vt_permute(Handle, p, dims.Length));
    }

    public Tensor transpose(long dim0, long dim1) => new(vt_transpose(Handle, dim0, dim1));
    public Tensor t() => transpose(0, 1);
    public Tensor unsqueeze(long dim) => new(vt_unsqueeze(Handle, dim));
    public Tensor squeeze() => new(vt_squeeze(Handle, null));
    public Tensor squeeze(long dim) => new(vt_squeeze(Handle, &dim));

    public Tensor expand(params long[] shape)
    {
        fixed (long* p = shape) return new(vt_expand(Handle, p, shape.Length));
    }

    public Tensor contiguous() => new(vt_contiguous(Handle));
    public Tensor narrow(long dim, long start, long length) => new(vt_narrow(Handle, dim, start, length));
    public Tensor select(long dim, long index) => new(vt_select(Handle, dim, index));

    /// <summary>The index-th slice along the first dimension, as x[i] in PyTorch.</summary>
    public Tensor this[long index] => select(0, index);

    public Tensor index_select(long dim, Tensor index) => new(vt_index_select(Handle, dim, index.Handle));
    public Tensor masked_select(Tensor mask) => new(vt_masked_select(Handle, mask.Handle));

    public Tensor[] chunk(long chunks, long dim = 0)
    {
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), $"chunk needs a positive number of chunks, got {chunks}");
        // libtorch never returns more chunks than the dimension has elements (at least one).
        var handles = new IntPtr[Math.Max(1, Math.Min(chunks, size(dim)))];
        int count;
        fixed (IntPtr* p = handles) Check(vt_chunk(Handle, Math.Min(chunks, handles.Length), dim, p, &count));
        return handles.Take(count).Select(h => new Tensor(h)).ToArray();
    }

    public Tensor to(ScalarType type) => to(type, device);
    public Tensor to(Device target) => to(dtype, target);
    public Tensor to(ScalarType type, Device target) => new(vt_to(Handle, (int)type, (int)target.type, target.index));
    public Tensor cpu() => to(Device.CPU);
    public Tensor clone() => new(vt_clone(Handle));

    /// <summary>The same values, cut from the autograd graph.</summary>
    public Tensor detach() => new(vt_detach(Handle));

    /// <summary>A second handle to the same tensor (shared storage and autograd identity).</summary>
    public Tensor alias() => new(vt_alias(Handle));
}
