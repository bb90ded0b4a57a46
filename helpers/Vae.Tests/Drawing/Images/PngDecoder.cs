using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vae.Tests.Drawing.Images;

/// <summary>
/// An independent reader for the PNGs we write (8-bit grayscale, filter type 0), so the tests check the bytes
/// against the PNG specification rather than against the encoder's own idea of them.
/// </summary>
internal static class PngDecoder
{
    public sealed record Decoded(int Width, int Height, byte[] Pixels, IReadOnlyList<string> Chunks);

    public static Decoded Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal(signature, png[..8]);
        var chunks = new List<string>();
        using var idat = new MemoryStream();
        int width = 0, height = 0;
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc32(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(13, length);
                Assert.Equal(8, data[8]);   // bit depth
                Assert.Equal(0, data[9]);   // grayscale
                Assert.Equal(0, data[10]);  // deflate
                Assert.Equal(0, data[11]);  // filter method
                Assert.Equal(0, data[12]);  // no interlace
            }
            else if (type == "IDAT")
                idat.Write(data);
            at += 12 + length;
        }
        Assert.Equal(png.Length, at);
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var raw = inflated.ToArray();
        Assert.Equal((long)height * (width + 1), raw.Length);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (width + 1)]);  // filter type 0: the row is stored as is
            Array.Copy(raw, y * (width + 1) + 1, pixels, y * width, width);
        }
        return new Decoded(width, height, pixels, chunks);
    }

    public static Decoded DecodeDataUri(string uri)
    {
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, uri);
        return Decode(Convert.FromBase64String(uri[prefix.Length..]));
    }

    // Bit by bit, straight from the definition (reflected polynomial 0xEDB88320), unlike the encoder's table.
    public static uint BitwiseCrc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
