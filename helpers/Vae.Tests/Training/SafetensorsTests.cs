using System.Text;
using System.Text.Json;
using Vae.Data;
using Vae.Drawing;
using Vae.Training;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Training;

/// <summary>Our safetensors files: round trips, read by an independent parser and by Debian's PyTorch, damage refused.</summary>
public class SafetensorsTests
{
    private static string TempFile(string name) => Path.Combine(TestPaths.TempDirectory("safetensors"), name);

    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["model.w"] = tensor(new float[] { 1.5f, -2.25f, 3e-7f, float.MaxValue, 0, -0f }, [2, 3]),
        ["model.b"] = tensor(new double[] { Math.PI, -1e300 }),
        ["optimizer.state.0.step"] = tensor(new long[] { 1L << 40 }),
        ["flags"] = tensor(new bool[] { true, false, true }),
        ["pixels"] = tensor(new byte[] { 0, 127, 255 }),
        ["scalar"] = tensor(2.5f),
    };

    [Fact]
    public void RoundTrip_KeepsNamesDtypesShapesAndValues()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("round.safetensors");
        var saved = Sample();
        Safetensors.Save(path, saved);
        var loaded = Safetensors.Load(path);
        Assert.Equal(saved.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in saved)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.Equal(t.shape, loaded[name].shape);
            Assert.True(t.eq(loaded[name]).all().item<bool>(), name);
        }
    }

    /// <summary>The file as the format's specification describes it, parsed here without our reader.</summary>
    [Fact]
    public void TheFile_FollowsTheFormat_ByAnIndependentParser()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("format.safetensors");
        Safetensors.Save(path, Sample());
        var bytes = File.ReadAllBytes(path);
        var n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n)).RootElement;
        var w = header.GetProperty("model.w");
        Assert.Equal("F32", w.GetProperty("dtype").GetString());
        Assert.Equal([2L, 3L], w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var range = w.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var values = Enumerable.Range(0, 6).Select(i => BitConverter.ToSingle(bytes, (int)(8 + n + range[0] + 4 * i))).ToArray();
        Assert.Equal([1.5f, -2.25f, 3e-7f, float.MaxValue, 0, -0f], values);
        Assert.Equal("I64", header.GetProperty("optimizer.state.0.step").GetProperty("dtype").GetString());
        Assert.Equal(0, header.GetProperty("scalar").GetProperty("shape").GetArrayLength());
        // The byte ranges tile the data exactly, in order.
        var ranges = header.EnumerateObject().Select(p => p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray())
            .OrderBy(r => r[0]).ToList();
        Assert.Equal(0, ranges[0][0]);
        for (var i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1][1], ranges[i][0]);
        Assert.Equal(bytes.Length - 8 - n, ranges[^1][1]);
    }

    [Fact]
    public void DebiansPyTorch_ReadsTheSameNumbers()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("pytorch.safetensors");
        Safetensors.Save(path, Sample());
        // PyTorch 1.13 has no safetensors module: the header and torch.frombuffer are all a reader needs.
        const string script = """
            import json, struct, sys, torch
            data = open(sys.argv[1], 'rb').read()
            n = struct.unpack('<Q', data[:8])[0]
            header = json.loads(data[8:8 + n])
            kinds = {'F32': torch.float32, 'F64': torch.float64, 'I64': torch.int64, 'BOOL': torch.bool, 'U8': torch.uint8}
            for name in sorted(header):
                e = header[name]
                b, f = e['data_offsets']
                t = torch.frombuffer(bytearray(data[8 + n + b:8 + n + f]), dtype=kinds[e['dtype']]).reshape(e['shape'])
                print(name, t.dtype, list(t.shape), t.double().sum().item())
            """;
        var python = Python.Script(script, path);
        Assert.True(python.ExitCode == 0, python.ToString());
        var lines = python.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("model.b torch.float64 [2] -1e+300", lines);
        Assert.Contains("optimizer.state.0.step torch.int64 [1] 1099511627776.0", lines);
        Assert.Contains("flags torch.bool [3] 2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("model.w torch.float32 [2, 3]"));
    }

    [Theory]
    [InlineData(4, "shorter than the 8-byte header length")]
    [InlineData(-1, "does not fit")]
    public void ADamagedFile_IsRefusedNamingTheProblem(int truncateTo, string expected)
    {
        using var scope = NewDisposeScope();
        var path = TempFile("damaged.safetensors");
        Safetensors.Save(path, Sample());
        var bytes = File.ReadAllBytes(path);
        if (truncateTo >= 0) bytes = bytes[..truncateTo];
        else BitConverter.GetBytes(1L << 40).CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ATruncatedDataSection_IsRefused()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("short.safetensors");
        Safetensors.Save(path, Sample());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        Assert.Contains("lies outside the file", Assert.Throws<InvalidDataException>(() => Safetensors.Load(path)).Message);
    }
}
