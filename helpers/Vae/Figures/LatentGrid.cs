using System.Globalization;

namespace Vae.Figures;

/// <summary>
/// The lecture's "learned latent space" grid: z₁ and z₂ each take the values lo, lo + step, … (all below hi),
/// and every pair is decoded and tiled into one image (default: [−1, 1) in steps of 0.1, 20 × 20 tiles).
/// <para>
/// Orientation, chosen to match the latent scatter plot: tile row r (0 at the top) and column c (0 at the left)
/// hold z = (Values[c], Values[Size − 1 − r]). So z₁ increases to the right and z₂ increases upwards; the top-left
/// tile is (lo, last value) and the bottom-left tile is (lo, lo).
/// </para>
/// </summary>
public sealed class LatentGrid
{
    public LatentGrid(double lo = -1, double hi = 1, double step = 0.1)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || !(hi > lo))
            throw new ArgumentException($"The grid needs finite bounds with lo < hi; got [{lo}, {hi}).");
        if (!double.IsFinite(step) || step <= 0)
            throw new ArgumentException($"The grid step must be positive; got {step}.", nameof(step));
        // Values lo + k·step below hi; the tolerance keeps 2 / 0.1 = 20.000000000000004 at 20 values, not 21.
        var size = (int)Math.Ceiling((hi - lo) / step - 1e-9);
        if (size > 1000)
            throw new ArgumentException($"[{lo}, {hi}) in steps of {step} gives {size} values per axis; at most 1000.", nameof(step));
        Lo = lo;
        Hi = hi;
        Step = step;
        Size = size;
        Values = Enumerable.Range(0, size).Select(k => (float)(lo + k * step)).ToArray();
    }

    public double Lo { get; }
    public double Hi { get; }
    public double Step { get; }

    /// <summary>Values per axis: the grid is Size × Size tiles.</summary>
    public int Size { get; }

    /// <summary>Number of grid points, Size².</summary>
    public int Count => Size * Size;

    /// <summary>The values each coordinate takes, ascending.</summary>
    public float[] Values { get; }

    public float Z1(int column) => Values[column];

    public float Z2(int row) => Values[Size - 1 - row];

    /// <summary>
    /// Count × 2 values, row-major: point k = (z₁, z₂) of the tile at row k / Size, column k % Size,
    /// the order <see cref="Tiling.Tile(float[], int, int, int, int, int, int)"/> lays images out in.
    /// </summary>
    public float[] Z()
    {
        var z = new float[Count * 2];
        for (var r = 0; r < Size; r++)
            for (var c = 0; c < Size; c++)
            {
                var k = r * Size + c;
                z[2 * k] = Z1(c);
                z[2 * k + 1] = Z2(r);
            }
        return z;
    }

    /// <summary>Tiles the decoded grid (Count images of height × width, in the order of <see cref="Z"/>).</summary>
    public GrayImage Tile(float[] decoded, int height = 28, int width = 28) =>
        Tiling.Tile(decoded, Count, height, width, Size, Size);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Size}×{Size} grid of z over [{Lo}, {Hi}) in steps of {Step}");
}
