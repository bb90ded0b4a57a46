using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

using Vae.Torch;

namespace Vae.Internal;

/// <summary>
/// The safetensors format (8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
/// byte range, then the bytes), which PyTorch's `safetensors` package reads. Our own rather than TorchSharp.PyBridge's:
/// PyBridge 1.4.4 is built against TorchSharp 0.103, and the notebook kernel's script loader then loads a second
/// TorchSharp for it, whose Tensor is another type (every call fails with MissingMethodException). Reading also checks
/// what a damaged file could get wrong: header length, byte ranges, dtypes, sizes.
/// </summary>
internal static class Safetensors
{
    private static readonly Dictionary<ScalarType, (string Name, int Size)> Dtypes = new()
    {
        [ScalarType.Float32] = ("F32", 4), [ScalarType.Float64] = ("F64", 8), [ScalarType.Float16] = ("F16", 2),
        [ScalarType.BFloat16] = ("BF16", 2), [ScalarType.Int64] = ("I64", 8), [ScalarType.Int32] = ("I32", 4),
        [ScalarType.Int16] = ("I16", 2), [ScalarType.Int8] = ("I8", 1), [ScalarType.Byte] = ("U8", 1), [ScalarType.Bool] = ("BOOL", 1),
    };

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors) =>
        AtomicFile.Write(path, stream => Save(stream, tensors));

    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var header = new JsonObject();
        var data = new List<Tensor>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!Dtypes.TryGetValue(tensor.dtype, out var dtype))
                throw new ArgumentException($"safetensors: tensor '{name}' has dtype {tensor.dtype}, which this writer does not store.");
            var bytes = tensor.numel() * dtype.Size;
            header[name] = new JsonObject
            {
                ["dtype"] = dtype.Name,
                ["shape"] = new JsonArray([.. tensor.shape.Select(d => JsonValue.Create(d))]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            data.Add(tensor.detach().cpu().contiguous());
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;   // the format aligns the data to 8 bytes with spaces
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var t in data) stream.Write(t.bytes);
    }

    /// <summary>Every tensor of the file, on the CPU; an error names the file and what is wrong with it.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        var file = File.ReadAllBytes(path);
        InvalidDataException Bad(string problem) => new($"{path} is not a valid safetensors file: {problem}");
        if (file.Length < 8) throw Bad($"it is {file.Length} bytes long, shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(file);
        if (headerLength < 2 || headerLength > file.Length - 8) throw Bad($"the header length {headerLength} does not fit in the file's {file.Length} bytes");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength))?.AsObject() ?? throw Bad("the header is null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Bad($"the header is not a JSON object ({e.Message})");
        }
        var dataStart = 8 + headerLength;
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__") continue;
                var entry = node as JsonObject ?? throw Bad($"the entry of '{name}' is not an object");
                var dtypeName = entry["dtype"]?.GetValue<string>() ?? throw Bad($"'{name}' has no dtype");
                var (dtype, size) = Dtypes.Where(d => d.Value.Name == dtypeName).Select(d => (d.Key, d.Value.Size)).FirstOrDefault();
                if (size == 0) throw Bad($"'{name}' has dtype {dtypeName}, which this reader does not know");
                var shape = (entry["shape"] as JsonArray ?? throw Bad($"'{name}' has no shape")).Select(d => d!.GetValue<long>()).ToArray();
                var offsets = (entry["data_offsets"] as JsonArray ?? throw Bad($"'{name}' has no data_offsets")).Select(d => d!.GetValue<long>()).ToArray();
                if (shape.Any(d => d < 0)) throw Bad($"'{name}' has a negative dimension in {Tensors.Format(shape)}");
                var count = shape.Aggregate(1L, (a, d) => a * d);
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || dataStart + offsets[1] > file.Length)
                    throw Bad($"the byte range of '{name}' lies outside the file");
                if (offsets[1] - offsets[0] != count * size)
                    throw Bad($"'{name}' is {dtypeName} {Tensors.Format(shape)}, {count * size} bytes, but its byte range holds {offsets[1] - offsets[0]}");
                var tensor = empty(shape, dtype).DetachFromDisposeScope();
                result[name] = tensor;
                file.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0])).CopyTo(tensor.bytes);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }
}
