using Vae.Torch.Native;

namespace Vae.Torch;

/// <summary>
/// A number argument to a tensor operation. Integers keep PyTorch's integer type promotion
/// (an int64 tensor plus 1 stays int64; plus 1.0 becomes float32).
/// </summary>
public readonly struct Scalar
{
    internal readonly NativeScalar Value;
    private Scalar(NativeScalar value) => Value = value;

    public static implicit operator Scalar(int v) => new(new NativeScalar((long)v));
    public static implicit operator Scalar(long v) => new(new NativeScalar(v));
    public static implicit operator Scalar(float v) => new(new NativeScalar((double)v));
    public static implicit operator Scalar(double v) => new(new NativeScalar(v));
    public static implicit operator Scalar(bool v) => new(new NativeScalar(v));

    public override string ToString() => Value.Kind switch
    {
        1 => Value.Integer.ToString(),
        2 => Value.Integer != 0 ? "true" : "false",
        _ => Value.Real.ToString("R"),
    };
}
