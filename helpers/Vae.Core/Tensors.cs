using static TorchSharp.torch;

namespace Vae.Core;

/// <summary>The one way tensor values reach managed memory in this workbook.</summary>
public static class Tensors
{
    /// <summary>
    /// The values of <paramref name="t"/>, row-major, as <typeparamref name="T"/> (float, double, long, int or bool):
    /// moved to the CPU first, since TorchSharp's data&lt;T&gt;() cannot read a GPU tensor, and converted to T's dtype.
    /// </summary>
    public static T[] ToArray<T>(this Tensor t) where T : unmanaged
    {
        var dtype = default(T) switch
        {
            float => ScalarType.Float32,
            double => ScalarType.Float64,
            long => ScalarType.Int64,
            int => ScalarType.Int32,
            bool => ScalarType.Bool,
            byte => ScalarType.Byte,
            _ => throw new NotSupportedException($"Tensors.ToArray reads float, double, long, int, bool or byte, not {typeof(T).Name}."),
        };
        using var scope = NewDisposeScope();
        return t.detach().to(dtype, CPU).contiguous().data<T>().ToArray();
    }

    /// <summary>Shapes as messages show them: [128, 784].</summary>
    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
