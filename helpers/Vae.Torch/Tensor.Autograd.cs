using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

// Gradients recorded by libtorch's autograd.
public sealed unsafe partial class Tensor
{
    public bool requires_grad
    {
        get { int v; Check(vt_requires_grad(Handle, &v)); return v != 0; }
        set => Check(vt_set_requires_grad(Handle, value ? 1 : 0));
    }

    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    public bool is_leaf
    {
        get { int v; Check(vt_is_leaf(Handle, &v)); return v != 0; }
    }

    /// <summary>The accumulated gradient, or null before the first backward.</summary>
    public Tensor? grad
    {
        get
        {
            int defined = -1; // stays -1 only when the call failed
            var h = vt_grad(Handle, &defined);
            return defined switch
            {
                1 => new Tensor(h),
                0 => null,
                _ => throw TorchException.FromNative(),
            };
        }
    }

    /// <summary>Back-propagates from a scalar (or with an explicit gradient of this tensor's shape).</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false) =>
        Check(vt_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph ? 1 : 0));

    /// <summary>Drops the accumulated gradient (PyTorch's zero_grad with set_to_none).</summary>
    internal void ClearGrad() => Check(vt_zero_grad(Handle));
}
