using System.Globalization;
using Vae.Core;

namespace Vae.Drawing.Images;

/// <summary>
/// A grayscale image: <see cref="Pixels"/> holds Height rows of Width values in [0, 1], row-major,
/// 0 drawn black and 1 white, as MNIST stores its digits (white strokes on black).
/// </summary>
internal sealed record GrayImage
{
    public GrayImage(int width, int height, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"An image needs a positive size; got width {width} and height {height}.");
        if ((long)width * height != pixels.Length)
            throw new ArgumentException(
                $"A {width}×{height} image needs {(long)width * height} pixels; got {pixels.Length}.", nameof(pixels));
        // NaN here would be drawn as some arbitrary gray; a diverged decoder is better reported where it happens.
        for (var i = 0; i < pixels.Length; i++)
            if (!float.IsFinite(pixels[i]))
                throw new ArgumentException(
                    $"Pixel {i} (row {i / width}, column {i % width}) is {pixels[i]}; pixels must be finite values in [0, 1].",
                    nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Pixels { get; }

    /// <summary>Each pixel becomes a factor × factor block, so a 28 × 28 digit can be saved at a legible size.</summary>
    public GrayImage Upscale(int factor)
    {
        if (factor < 1)
            throw new ArgumentException($"The upscale factor must be at least 1; got {factor}.", nameof(factor));
        var width = Width * factor;
        var result = new float[(long)width * Height * factor];
        for (var y = 0; y < Height * factor; y++)
        {
            var source = (y / factor) * Width;
            for (var x = 0; x < width; x++)
                result[(long)y * width + x] = Pixels[source + x / factor];
        }
        return new GrayImage(width, Height * factor, result);
    }

    /// <summary>
    /// Enlarged by whole pixels (nearest neighbour) so that the longer side comes near <paramref name="maxSide"/>, at most
    /// <paramref name="maxScale"/> times: a PNG that is legible on its own.
    /// </summary>
    public GrayImage Enlarged(int maxSide, double maxScale = double.PositiveInfinity) =>
        (int)Math.Max(1, Math.Floor(Style.DisplayScale(Width, Height, maxSide, maxScale))) is var scale and > 1 ? Upscale(scale) : this;

    public byte[] ToPng() => Png.Encode(Width, Height, Pixels);

    public string ToDataUri() => "data:image/png;base64," + Convert.ToBase64String(ToPng());

    /// <summary>Written to a temporary file then renamed, so a reader never sees half a PNG.</summary>
    public void SavePng(string path) => AtomicFile.Write(path, stream => stream.Write(ToPng()));

    /// <summary>An &lt;img&gt; tag (PNG data URI) scaled up for legibility, with crisp pixels.</summary>
    public string ToHtml()
    {
        var scale = Style.DisplayScale(Width, Height, maxSide: 560, maxScale: 6);
        var width = (Width * scale).ToString("0", CultureInfo.InvariantCulture);
        var height = (Height * scale).ToString("0", CultureInfo.InvariantCulture);
        return $"<img src=\"{ToDataUri()}\" width=\"{width}\" height=\"{height}\" alt=\"{Width}×{Height} image\" "
             + "style=\"image-rendering: pixelated\">";
    }
}
