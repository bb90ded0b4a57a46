using Vae.Data;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;
using Vae.Drawing.Images;

namespace Vae.Tests.Drawing.Images;

public class GrayImageTests
{
    [Fact]
    public void PngRoundTripsEveryPixel()
    {
        // 5 × 3, not square, so width and height cannot be swapped unnoticed.
        var pixels = new float[] { 0f, 0.25f, 0.5f, 0.75f, 1f, 1f, 0f, 1f, 0f, 1f, 0.1f, 0.2f, 0.3f, 0.4f, 0.6f };
        var decoded = PngDecoder.Decode(new GrayImage(5, 3, pixels).ToPng());

        Assert.Equal(5, decoded.Width);
        Assert.Equal(3, decoded.Height);
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.Chunks);
        Assert.Equal(pixels.Select(p => (byte)Math.Round(p * 255)).ToArray(), decoded.Pixels);
    }

    [Fact]
    public void PngClampsValuesJustOutsideTheUnitRange()
    {
        var decoded = PngDecoder.Decode(new GrayImage(2, 1, [-0.01f, 1.01f]).ToPng());
        Assert.Equal(new byte[] { 0, 255 }, decoded.Pixels);
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        // "123456789" → 0xCBF43926 is the check value of CRC-32/ISO-HDLC, the CRC that PNG uses.
        var check = "123456789"u8;
        Assert.Equal(0xCBF43926u, PngDecoder.BitwiseCrc32(check));
        Assert.Equal(0xCBF43926u, Crc32.Compute(check));
    }

    [Fact]
    public void UpscaleRepeatsEachPixelAsABlock()
    {
        var image = new GrayImage(2, 2, [0.1f, 0.2f, 0.3f, 0.4f]).Upscale(3);
        Assert.Equal((6, 6), (image.Width, image.Height));
        for (var y = 0; y < 6; y++)
            for (var x = 0; x < 6; x++)
                Assert.Equal(0.1f * (1 + (y / 3) * 2 + x / 3), image.Pixels[y * 6 + x], 1e-6f);
        Assert.Throws<ArgumentException>(() => image.Upscale(0));
    }

    [Fact]
    public void RejectsSizesThatDoNotMatchThePixels()
    {
        var wrongCount = Assert.Throws<ArgumentException>(() => new GrayImage(28, 28, new float[783]));
        Assert.Contains("784", wrongCount.Message);
        Assert.Contains("783", wrongCount.Message);
        Assert.Throws<ArgumentException>(() => new GrayImage(0, 1, []));
        var nan = Assert.Throws<ArgumentException>(() => new GrayImage(2, 1, [0f, float.NaN]));
        Assert.Contains("Pixel 1", nan.Message);
    }

    [Fact]
    public void SavePngWritesADecodableFileAndNoTemporaries()
    {
        var dir = Directory.CreateTempSubdirectory("vae-figures-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "digit.png");
            new GrayImage(28, 28, Enumerable.Range(0, 784).Select(i => i / 783f).ToArray()).SavePng(path);
            var decoded = PngDecoder.Decode(File.ReadAllBytes(path));
            Assert.Equal((28, 28), (decoded.Width, decoded.Height));
            Assert.Equal(255, decoded.Pixels[^1]);
            Assert.Equal(["digit.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ToHtmlIsAnImgTagWithThePng()
    {
        var html = new GrayImage(28, 28, new float[784]).ToHtml();
        Assert.StartsWith("<img src=\"data:image/png;base64,", html);
        Assert.Contains("width=\"168\"", html);  // 28 px shown 6× larger
    }
}
