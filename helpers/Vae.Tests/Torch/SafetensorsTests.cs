using System.Buffers.Binary;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>The safetensors reader and writer against the format's definition, and the atomic write.</summary>
public class SafetensorsTests
{
    [Fact]
    public void SaveLoad_RoundTripsDtypesShapesAndMetadata()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["encoder.0.weight"] = torch.tensor(new float[] { 1.5f, -2, 3.25f, float.NaN, 0, -0f }, [2, 3]),
            ["double"] = torch.tensor(new double[] { Math.PI, -1e-300 }),
            ["step"] = torch.tensor(new long[] { 12345678901234 }, []),
            ["labels"] = torch.tensor(new long[] { 3, 1, 4, 1 }, [2, 2]),
            ["pixels"] = torch.tensor(new byte[] { 0, 128, 255 }),
            ["mask"] = torch.tensor(new[] { true, false, true }),
            ["int32"] = torch.tensor(new[] { -5, 6 }, [2, 1]),
            ["scalar"] = torch.tensor(0.75f),
            ["empty"] = torch.zeros([0, 4]),
            ["transposed"] = torch.arange(0, 6, dtype: torch.float32).reshape(2, 3).t(), // written in logical order
        };
        var metadata = new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "β-VAE, \"quoted\" ✓" };
        var path = dir.File("checkpoint.safetensors");
        safetensors.save_file(tensors, path, metadata);

        var loaded = safetensors.load_file(path, out var loadedMetadata);
        try
        {
            Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
            foreach (var (name, t) in tensors)
            {
                var l = loaded[name];
                Assert.Equal(t.dtype, l.dtype);
                Assert.Equal(t.shape, l.shape);
                Assert.Equal(Device.CPU, l.device);
            }
            Assert.Equal(tensors["encoder.0.weight"].data<float>(), loaded["encoder.0.weight"].data<float>());
            Assert.Equal(tensors["double"].data<double>(), loaded["double"].data<double>());
            Assert.Equal(12345678901234L, loaded["step"].item<long>());
            Assert.Equal(new long[] { 3, 1, 4, 1 }, loaded["labels"].data<long>());
            Assert.Equal(new byte[] { 0, 128, 255 }, loaded["pixels"].data<byte>());
            Assert.Equal(new[] { true, false, true }, loaded["mask"].data<bool>());
            Assert.Equal(new[] { -5, 6 }, loaded["int32"].data<int>());
            Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, loaded["transposed"].data<float>());
            Assert.Equal(0, loaded["scalar"].ndim);
            Assert.Equal(0.75f, loaded["scalar"].item<float>());
            Assert.Equal(metadata, loadedMetadata);
            var again = safetensors.load_file(path, Device.CPU);
            Assert.Equal(tensors["labels"].data<long>(), again["labels"].data<long>());
            foreach (var t in again.Values) t.Dispose();
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    [Fact]
    public void Save_WritesTheFormatByteForByte()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = dir.File("x.safetensors");
        safetensors.save_file(new Dictionary<string, Tensor>
        {
            ["b"] = torch.tensor(new float[] { 1, -2 }),
            ["a"] = torch.tensor(new long[] { 5 }, []),
        }, path, new Dictionary<string, string> { ["k"] = "v" });

        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8); // data 8-byte aligned
        Assert.Equal(8 + n + 8 + 8, bytes.Length);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
        var root = header.RootElement;
        Assert.Equal("v", root.GetProperty("__metadata__").GetProperty("k").GetString());
        Assert.Equal("I64", root.GetProperty("a").GetProperty("dtype").GetString());
        Assert.Equal(0, root.GetProperty("a").GetProperty("shape").GetArrayLength());
        Assert.Equal("F32", root.GetProperty("b").GetProperty("dtype").GetString());
        Assert.Equal(new[] { 2L }, root.GetProperty("b").GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var offsetsA = root.GetProperty("a").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var offsetsB = root.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var data = bytes.AsSpan(8 + n);
        Assert.Equal(8, offsetsA[1] - offsetsA[0]);
        Assert.Equal(8, offsetsB[1] - offsetsB[0]);
        Assert.Equal(5L, BinaryPrimitives.ReadInt64LittleEndian(data[(int)offsetsA[0]..]));
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(data[(int)offsetsB[0]..]));
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(data[((int)offsetsB[0] + 4)..]));
    }

    /// <summary>A file written here by hand, as another safetensors writer would: no padding, data out of key order.</summary>
    [Fact]
    public void Load_ReadsAHandBuiltFile()
    {
        using var dir = new TempDirectory();
        var header = """
            {"w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]},"__metadata__":{"format":"pt"},
             "n":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"m":{"dtype":"U8","shape":[3],"data_offsets":[24,27]},
             "e":{"dtype":"BOOL","shape":[0],"data_offsets":[27,27]},"d":{"dtype":"F64","shape":[1],"data_offsets":[27,35]},
             "i":{"dtype":"I32","shape":[1,2],"data_offsets":[35,43]},"h":{"dtype":"F16","shape":[1],"data_offsets":[43,45]},
             "b":{"dtype":"BF16","shape":[1],"data_offsets":[45,47]}}
            """;
        var json = Encoding.UTF8.GetBytes(header);
        var data = new byte[47];
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(0), -7);
        float[] w = [1.5f, -2, 0.25f, 8];
        for (var i = 0; i < 4; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8 + 4 * i), w[i]);
        data[24] = 1; data[25] = 2; data[26] = 255;
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(27), Math.E);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(35), -3);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(39), 1 << 20);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(43), (Half)0.5f);
        // bfloat16 is the top half of a float32: -1.25f is 0xBFA00000.
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(45), 0xBFA0);
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        var path = dir.File("hand.safetensors");
        File.WriteAllBytes(path, file);

        var t = safetensors.load_file(path, out var metadata);
        try
        {
            Assert.Equal("pt", metadata["format"]);
            Assert.Equal(new long[] { 2, 2 }, t["w"].shape);
            Assert.Equal(w, t["w"].data<float>());
            Assert.Equal(-7L, t["n"].item<long>());
            Assert.Equal(0, t["n"].ndim);
            Assert.Equal(new byte[] { 1, 2, 255 }, t["m"].data<byte>());
            Assert.Equal(ScalarType.Bool, t["e"].dtype);
            Assert.Equal(0, t["e"].numel());
            Assert.Equal(new[] { Math.E }, t["d"].data<double>());
            Assert.Equal(new[] { -3, 1 << 20 }, t["i"].data<int>());
            Assert.Equal(ScalarType.Float16, t["h"].dtype);
            using var h = t["h"].to(torch.float32);
            Assert.Equal(0.5f, h.item<float>());
            Assert.Equal(ScalarType.BFloat16, t["b"].dtype);
            using var b = t["b"].to(torch.float32);
            Assert.Equal(-1.25f, b.item<float>());
        }
        finally
        {
            foreach (var x in t.Values) x.Dispose();
        }
    }

    [Fact]
    public void Save_OverwritesAtomically_LeavingNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = dir.File("model.safetensors");
        safetensors.save_file(new Dictionary<string, Tensor> { ["x"] = torch.ones([2]) }, path);
        safetensors.save_file(new Dictionary<string, Tensor> { ["y"] = torch.zeros([3]) }, path);
        Assert.Equal(["model.safetensors"], dir.FileNames());
        var loaded = safetensors.load_file(path);
        Assert.Equal(["y"], loaded.Keys);
        Assert.Equal(new float[] { 0, 0, 0 }, loaded["y"].data<float>());
        loaded["y"].Dispose();
    }

    [Fact]
    public void Save_FailingMidWrite_LeavesThePreviousFileIntact()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = dir.File("model.safetensors");
        var tensors = new Dictionary<string, Tensor> { ["a"] = torch.ones([1000]), ["b"] = torch.ones([1000]) };
        safetensors.save_file(tensors, path);
        var before = File.ReadAllBytes(path);

        // The header pass reads each tensor once; the failure strikes while the data is being written.
        var failing = new FailingDictionary(new() { ["a"] = torch.zeros([1000]), ["b"] = torch.zeros([1000]) }, failAt: 4);
        var e = Assert.Throws<IOException>(() => safetensors.save_file(failing, path));
        Assert.Contains("simulated", e.Message);
        Assert.True(failing.Reads >= 4, "the failure should come during the data pass");
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], dir.FileNames());
    }

    [Fact]
    public void AtomicFile_ExceptionInWriter_KeepsOldContentAndRemovesTheTemporaryFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("report.json");
        AtomicFile.WriteAllText(path, "old");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("new, half written"u8);
            Assert.True(File.Exists(path));
            Assert.Equal(2, dir.FileNames().Length); // the temporary file sits beside the target
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("boom", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["report.json"], dir.FileNames());
        AtomicFile.WriteAllText(dir.File("sub/dir/new.txt"), "created");
        Assert.Equal("created", File.ReadAllText(dir.File("sub/dir/new.txt")));
    }

    /// <summary>Throws a simulated I/O error from the failAt-th read of a tensor.</summary>
    private sealed class FailingDictionary(Dictionary<string, Tensor> inner, int failAt) : IReadOnlyDictionary<string, Tensor>
    {
        public int Reads { get; private set; }

        public Tensor this[string key] => ++Reads >= failAt ? throw new IOException("disk full (simulated)") : inner[key];
        public IEnumerable<string> Keys => inner.Keys;
        public IEnumerable<Tensor> Values => inner.Values;
        public int Count => inner.Count;
        public bool ContainsKey(string key) => inner.ContainsKey(key);
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value) => inner.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => inner.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
