using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to
/// {dtype, shape, data_offsets}, then the raw little-endian data. Named after the safetensors
/// package's save_file/load_file.
/// </summary>
public static unsafe class safetensors
{
    private static readonly Dictionary<ScalarType, string> Codes = new()
    {
        [ScalarType.Float32] = "F32", [ScalarType.Float64] = "F64", [ScalarType.Float16] = "F16", [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32", [ScalarType.Int16] = "I16",
        [ScalarType.Int8] = "I8", [ScalarType.Byte] = "U8", [ScalarType.Bool] = "BOOL",
    };

    /// <summary>Writes the tensors (and optional string metadata) to a temporary file, then renames it over path.</summary>
    public static void save_file(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            if (!Codes.TryGetValue(t.dtype, out var code)) throw new TorchException($"safetensors cannot store '{name}' of dtype {t.dtype.Name()}");
            var size = t.numel() * t.dtype.ElementSize();
            header[name] = new JsonObject
            {
                ["dtype"] = code,
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        var padded = (json.Length + 7) / 8 * 8;

        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var name in names) stream.Write(Bytes(tensors[name]));
        });
    }

    /// <summary>Reads every tensor of a safetensors file onto the device; errors name the file and what is wrong.</summary>
    public static Dictionary<string, Tensor> load_file(string path, Device? device = null) => load_file(path, out _, device);

    public static Dictionary<string, Tensor> load_file(string path, out Dictionary<string, string> metadata, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file '{path}' does not exist", path);
        var bytes = File.ReadAllBytes(path);
        return Parse(bytes, path, out metadata, device);
    }

    internal static Dictionary<string, Tensor> Parse(byte[] bytes, string source, out Dictionary<string, string> metadata, Device? device)
    {
        TorchException Bad(string what) => new($"'{source}' is not a valid safetensors file: {what}");
        if (bytes.Length < 8) throw Bad($"it is {bytes.Length} bytes long, shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw Bad($"the header claims {headerLength} bytes but only {bytes.Length - 8} follow (truncated?)");
        var dataStart = 8 + (int)headerLength;
        var dataLength = bytes.Length - dataStart;

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject ?? throw Bad("the header is not a JSON object");
            _ = header.Count; // JsonObject reads its properties lazily: a repeated name throws here, not later
        }
        catch (JsonException e)
        {
            throw Bad($"the header is not valid JSON ({e.Message})");
        }
        catch (ArgumentException e)
        {
            throw Bad($"the header repeats a name ({e.Message})");
        }

        metadata = [];
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__")
                {
                    foreach (var (k, v) in node as JsonObject ?? throw Bad("__metadata__ is not an object"))
                        metadata[k] = v?.GetValue<string>() ?? "";
                    continue;
                }
                if (node is not JsonObject entry) throw Bad($"the entry for '{name}' is not an object");
                var code = entry["dtype"]?.GetValue<string>() ?? throw Bad($"'{name}' has no dtype");
                var type = Codes.FirstOrDefault(kv => kv.Value == code).Key;
                if (!Codes.ContainsKey(type) || Codes[type] != code) throw Bad($"'{name}' has dtype {code}, which this binding does not read");
                var shape = (entry["shape"] as JsonArray ?? throw Bad($"'{name}' has no shape")).Select(d => d!.GetValue<long>()).ToArray();
                if (shape.Any(d => d < 0)) throw Bad($"'{name}' has a negative dimension in shape {Tensor.FormatShape(shape)}");
                var offsets = (entry["data_offsets"] as JsonArray ?? throw Bad($"'{name}' has no data_offsets")).Select(o => o!.GetValue<long>()).ToArray();
                if (offsets.Length != 2) throw Bad($"'{name}' needs two data_offsets, has {offsets.Length}");
                var (begin, end) = (offsets[0], offsets[1]);
                if (begin < 0 || end < begin || end > dataLength)
                    throw Bad($"'{name}' has data_offsets [{begin}, {end}] outside the {dataLength}-byte data section");
                var expected = shape.Aggregate(1L, (a, d) => a * d) * type.ElementSize();
                if (end - begin != expected)
                    throw Bad($"'{name}' spans {end - begin} bytes but shape {Tensor.FormatShape(shape)} of {code} needs {expected}");
                result[name] = FromBytes(bytes.AsSpan(dataStart + (int)begin, (int)(end - begin)), shape, type, device ?? Device.CPU)
                    .DetachFromDisposeScope();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw Bad($"a header field has the wrong type ({e.Message})");
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static byte[] Bytes(Tensor t)
    {
        var result = new byte[t.numel() * t.dtype.ElementSize()];
        fixed (byte* p = result) Check(vt_tensor_copy_to(t.Handle, p, result.Length));
        return result;
    }

    private static Tensor FromBytes(ReadOnlySpan<byte> data, long[] shape, ScalarType type, Device device)
    {
        fixed (byte* p = data)
        fixed (long* s = shape)
            return new Tensor(vt_tensor_from_data(p, data.Length, s, shape.Length, (int)type, (int)device.type, device.index));
    }
}
