namespace Vae.Torch;

/// <summary>Shapes as messages show them: [128, 784].</summary>
public static class Shapes
{
    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
