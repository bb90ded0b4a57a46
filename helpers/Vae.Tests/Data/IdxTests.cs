using System.IO.Compression;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;
using Vae.Data;

namespace Vae.Tests.Data;

public class IdxTests
{
    private const string Fix = "Fetch it again.";

    private static byte[] File3D(int n, int h, int w, Func<int, byte> value)
    {
        var bytes = new List<byte> { 0, 0, 0x08, 3 };
        foreach (var d in new[] { n, h, w }) bytes.AddRange(BitConverter.GetBytes(d).Reverse());
        for (var i = 0; i < n * h * w; i++) bytes.Add(value(i));
        return bytes.ToArray();
    }

    [Fact]
    public void Read_PlainFile_ReturnsShapeAndBytes()
    {
        var dir = TestPaths.TempDirectory("idx");
        var path = Path.Combine(dir, "images");
        File.WriteAllBytes(path, File3D(2, 3, 4, i => (byte)i));
        var (shape, data) = Idx.Read(path, Fix);
        Assert.Equal(new[] { 2, 3, 4 }, shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i), data);
    }

    [Fact]
    public void Read_GzippedFile_DecompressesFirst()
    {
        var dir = TestPaths.TempDirectory("idx");
        var path = Path.Combine(dir, "images.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write(File3D(1, 2, 2, i => (byte)(10 * i)));
        var (shape, data) = Idx.Read(path, Fix);
        Assert.Equal(new[] { 1, 2, 2 }, shape);
        Assert.Equal(new byte[] { 0, 10, 20, 30 }, data);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("badmagic", "bad magic number")]
    [InlineData("badtype", "not unsigned byte")]
    [InlineData("truncated", "truncated or corrupt")]
    [InlineData("toolong", "truncated or corrupt")]
    [InlineData("tiny", "too short")]
    [InlineData("badgzip", "does not decompress")]
    public void Read_BadFile_NamesTheFileTheProblemAndTheFix(string kind, string problem)
    {
        var dir = TestPaths.TempDirectory("idx");
        var path = Path.Combine(dir, kind);
        var good = File3D(2, 2, 2, i => 1);
        byte[]? bytes = kind switch
        {
            "missing" => null,
            "badmagic" => [1, .. good[1..]],
            "badtype" => [0, 0, 0x0D, .. good[3..]],
            "truncated" => good[..^1],
            "toolong" => [.. good, 7],
            "tiny" => [0, 0],
            "badgzip" => [0x1f, 0x8b, 1, 2, 3],
            _ => throw new ArgumentException(kind),
        };
        if (bytes is not null) File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFileException>(() => Idx.Read(path, Fix));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.EndsWith(Fix, e.Message);
    }
}
