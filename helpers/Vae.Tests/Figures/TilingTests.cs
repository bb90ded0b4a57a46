using Vae.Figures;

namespace Vae.Tests.Figures;

public class TilingTests
{
    // Tile k filled with the constant k / 1000, so every pixel says which tile it belongs to.
    private static float[] ConstantTiles(int count, int height, int width) =>
        Enumerable.Range(0, count).SelectMany(k => Enumerable.Repeat(k / 1000f, height * width)).ToArray();

    [Fact]
    public void ImageKGoesToRowKDivColsAndColumnKModCols()
    {
        const int count = 7, height = 3, width = 2, rows = 3, cols = 3;
        var image = Tiling.Tile(ConstantTiles(count, height, width), count, height, width, rows, cols);

        Assert.Equal((cols * width, rows * height), (image.Width, image.Height));
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var k = (y / height) * cols + x / width;
                var expected = k < count ? k / 1000f : 0f;  // the two slots past the last image stay black
                Assert.Equal(expected, image.Pixels[y * image.Width + x]);
            }
    }

    [Fact]
    public void KeepsEachTileUnflippedAndUntransposed()
    {
        // One 2 × 3 tile whose pixels are 0 … 5 in row-major order, placed at row 1, column 1 of a 2 × 2 grid.
        var tiles = new float[4 * 6];
        for (var i = 0; i < 6; i++)
            tiles[3 * 6 + i] = i / 10f;
        var image = Tiling.Tile(tiles, 4, height: 2, width: 3, rows: 2, cols: 2);
        Assert.Equal([0f, 0.1f, 0.2f], image.Pixels.AsSpan(2 * 6 + 3, 3).ToArray());
        Assert.Equal([0.3f, 0.4f, 0.5f], image.Pixels.AsSpan(3 * 6 + 3, 3).ToArray());
    }

    [Fact]
    public void GapsBetweenTilesAreGray()
    {
        var image = Tiling.Tile(ConstantTiles(4, 2, 2), 4, 2, 2, rows: 2, cols: 2, gap: 1);
        Assert.Equal((5, 5), (image.Width, image.Height));
        Assert.Equal(0.003f, image.Pixels[4 * 5 + 4]);           // tile 3, bottom-right corner
        Assert.Equal(Tiling.GapValue, image.Pixels[0 * 5 + 2]);  // the column between tiles 0 and 1
        Assert.Equal(Tiling.GapValue, image.Pixels[2 * 5 + 0]);  // the row between tiles 0 and 2
    }

    [Fact]
    public void TheLecturesManifoldIs560By560AndDecodesSo()
    {
        var image = Tiling.Tile(ConstantTiles(400, 28, 28), 400, 28, 28, 20, 20);
        Assert.Equal((560, 560), (image.Width, image.Height));
        var decoded = PngDecoder.Decode(image.ToPng());
        Assert.Equal((560, 560), (decoded.Width, decoded.Height));
        Assert.Equal((byte)Math.Round(0.399f * 255), decoded.Pixels[^1]);           // tile 399: bottom-right
        Assert.Equal((byte)Math.Round(0.021f * 255), decoded.Pixels[28 * 560 + 28]);  // tile 21: row 1, column 1
    }

    [Fact]
    public void RejectsWrongCounts()
    {
        Assert.Contains("need 8", Assert.Throws<ArgumentException>(() => Tiling.Tile(new float[7], 2, 2, 2, 1, 2)).Message);
        Assert.Contains("do not fit", Assert.Throws<ArgumentException>(() => Tiling.Tile(new float[12], 3, 2, 2, 1, 2)).Message);
    }

    [Fact]
    public void DefaultLatentGridIs20By20OverMinusOneToOne()
    {
        var grid = new LatentGrid();
        Assert.Equal(20, grid.Size);
        Assert.Equal(400, grid.Count);
        Assert.Equal(-1f, grid.Values[0]);
        Assert.Equal(0.9f, grid.Values[^1], 1e-6f);
        Assert.All(grid.Values.Zip(grid.Values.Skip(1)), pair => Assert.Equal(0.1f, pair.Second - pair.First, 1e-5f));

        var z = grid.Z();
        Assert.Equal(800, z.Length);
        // Tile 0 is the top-left: smallest z₁, largest z₂. The last tile is the bottom-right: largest z₁, smallest z₂.
        Assert.Equal((-1f, 0.9f), (z[0], z[1]), Tolerant);
        Assert.Equal((0.9f, -1f), (z[^2], z[^1]), Tolerant);
        // Along the first row z₁ grows and z₂ stays; down the first column z₂ falls and z₁ stays.
        Assert.Equal((-0.9f, 0.9f), (z[2], z[3]), Tolerant);
        Assert.Equal((-1f, 0.8f), (z[2 * 20], z[2 * 20 + 1]), Tolerant);
    }

    [Fact]
    public void LatentGridCountsValuesBelowHi()
    {
        Assert.Equal(4, new LatentGrid(0, 1, 0.3).Size);   // 0, 0.3, 0.6, 0.9
        Assert.Equal(3, new LatentGrid(-3, 3, 2).Size);    // −3, −1, 1
        Assert.Throws<ArgumentException>(() => new LatentGrid(1, -1));
        Assert.Throws<ArgumentException>(() => new LatentGrid(step: 0));
    }

    [Fact]
    public void AKnownDecoderTiledByTheGridHasZ1GrowingRightAndZ2GrowingUp()
    {
        // A fake decoder whose 28 × 28 output spells out z: left half (z₁ + 1) / 2, right half (z₂ + 1) / 2.
        var grid = new LatentGrid();
        var z = grid.Z();
        var decoded = new float[grid.Count * 784];
        for (var k = 0; k < grid.Count; k++)
            for (var y = 0; y < 28; y++)
                for (var x = 0; x < 28; x++)
                    decoded[k * 784 + y * 28 + x] = (z[2 * k + (x < 14 ? 0 : 1)] + 1) / 2;
        var image = grid.Tile(decoded);
        Assert.Equal((560, 560), (image.Width, image.Height));

        float Z1At(int row, int col) => image.Pixels[(row * 28 + 10) * 560 + col * 28 + 5] * 2 - 1;
        float Z2At(int row, int col) => image.Pixels[(row * 28 + 10) * 560 + col * 28 + 20] * 2 - 1;
        for (var row = 0; row < 20; row++)
            for (var col = 0; col < 20; col++)
            {
                Assert.Equal(-1 + 0.1f * col, Z1At(row, col), 1e-5f);         // left to right: z₁ up
                Assert.Equal(-1 + 0.1f * (19 - row), Z2At(row, col), 1e-5f);  // bottom to top: z₂ up
            }
        Assert.Equal((-1f, -1f), (Z1At(19, 0), Z2At(19, 0)), Tolerant);       // bottom-left is (−1, −1)
    }

    private static readonly IEqualityComparer<(float, float)> Tolerant = EqualityComparer<(float, float)>.Create(
        (a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-5f && Math.Abs(a.Item2 - b.Item2) < 1e-5f, _ => 0);
}
