namespace Vae.Figures;

/// <summary>Lays many small images out as one: the manifold grid, rows of originals and reconstructions.</summary>
public static class Tiling
{
    /// <summary>The gray of the gaps between tiles: neither the black background nor the white strokes of a digit.</summary>
    public const float GapValue = 0.5f;

    /// <summary>
    /// Tiles <paramref name="count"/> images of height × width (stored one after another, row-major, as a
    /// decoder's N × 784 output is) into a grid of rows × cols: image k goes to row k / cols, column k % cols.
    /// Without a gap the result is rows·height × cols·width; slots past <paramref name="count"/> stay black.
    /// </summary>
    public static GrayImage Tile(float[] images, int count, int height, int width, int rows, int cols, int gap = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (height <= 0 || width <= 0 || rows <= 0 || cols <= 0)
            throw new ArgumentException(
                $"Tiles and grid need positive sizes; got tiles of {height}×{width} in {rows} rows × {cols} columns.");
        if (gap < 0)
            throw new ArgumentException($"The gap between tiles cannot be negative; got {gap}.", nameof(gap));
        if (count < 0 || count > rows * cols)
            throw new ArgumentException(
                $"{count} images do not fit a grid of {rows} rows × {cols} columns ({rows * cols} places).", nameof(count));
        var size = height * width;
        if (images.Length != (long)count * size)
            throw new ArgumentException(
                $"{count} images of {height}×{width} need {(long)count * size} values; got {images.Length}.", nameof(images));

        var outWidth = cols * width + (cols - 1) * gap;
        var outHeight = rows * height + (rows - 1) * gap;
        var pixels = new float[(long)outWidth * outHeight];
        if (gap > 0)
            Array.Fill(pixels, GapValue);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                var k = r * cols + c;
                var top = r * (height + gap);
                var left = c * (width + gap);
                for (var y = 0; y < height; y++)
                {
                    var target = pixels.AsSpan((top + y) * outWidth + left, width);
                    if (k < count)
                        images.AsSpan(k * size + y * width, width).CopyTo(target);
                    else
                        target.Clear();
                }
            }
        return new GrayImage(outWidth, outHeight, pixels);
    }

    /// <summary>The same for images that are already <see cref="GrayImage"/>s; they must share one size.</summary>
    public static GrayImage Tile(IReadOnlyList<GrayImage> images, int rows, int cols, int gap = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
            throw new ArgumentException("There are no images to tile.", nameof(images));
        int width = images[0].Width, height = images[0].Height;
        var all = new float[(long)images.Count * width * height];
        for (var k = 0; k < images.Count; k++)
        {
            if (images[k].Width != width || images[k].Height != height)
                throw new ArgumentException(
                    $"Image {k} is {images[k].Width}×{images[k].Height} but image 0 is {width}×{height}; tiles must share one size.",
                    nameof(images));
            images[k].Pixels.CopyTo(all, k * width * height);
        }
        return Tile(all, images.Count, height, width, rows, cols, gap);
    }
}
