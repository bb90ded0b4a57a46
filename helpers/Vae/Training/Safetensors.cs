using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

using Vae.Torch;
using Vae.Core;

namespace Vae.Training;

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

    // The format's own limits (the reference implementation refuses headers over 100 MB); a rank no model here comes near.
    private const long MaxHeaderBytes = 100_000_000;
    private const int MaxRank = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>One tensor as the header declares it, checked against the file: its bytes are <c>[Start, Start + Length)</c> of the file.</summary>
    private sealed record Entry(string Name, ScalarType Dtype, long[] Shape, long Start, long Length);

    /// <summary>
    /// Every tensor of the file, on the CPU. The whole header is checked before any tensor is allocated: a damaged or
    /// hostile file is an <see cref="InvalidDataException"/> naming the file and the tensor, never a native abort.
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        var file = File.ReadAllBytes(path);
        var entries = ReadHeader(file, problem => new InvalidDataException($"{path} is not a valid safetensors file: {problem}"));
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in entries)
            {
                var tensor = empty(e.Shape, e.Dtype).DetachFromDisposeScope();
                result[e.Name] = tensor;
                file.AsSpan(checked((int)e.Start), checked((int)e.Length)).CopyTo(tensor.bytes);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static List<Entry> ReadHeader(byte[] file, Func<string, InvalidDataException> bad)
    {
        if (file.Length < 8) throw bad($"it is {file.Length} bytes long, shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(file);   // a u64 over 2^63 reads as negative: refused below
        if (headerLength < 2 || headerLength > file.Length - 8)
            throw bad($"the header length {(ulong)headerLength} does not fit in the file's {file.Length} bytes");
        if (headerLength > MaxHeaderBytes)
            throw bad($"the header length {headerLength} is over the format's limit of {MaxHeaderBytes} bytes");
        string text;
        try
        {
            text = StrictUtf8.GetString(file, 8, (int)headerLength);
        }
        catch (DecoderFallbackException)
        {
            throw bad("the header is not UTF-8 text");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return Entries(document.RootElement, headerLength, file.Length - 8 - headerLength, bad);
        }
        catch (JsonException e)
        {
            throw bad($"the header is not a JSON object ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ')})");
        }
    }

    private static List<Entry> Entries(JsonElement header, long headerLength, long dataLength, Func<string, InvalidDataException> bad)
    {
        if (header.ValueKind != JsonValueKind.Object) throw bad("the header is not a JSON object");
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in header.EnumerateObject())
        {
            var name = property.Name;
            var named = Quoted(name);
            // A name given twice: which of the two would be the tensor? (JSON parsers keep either.)
            if (!names.Add(name)) throw bad($"the header names {named} twice");
            if (name == "__metadata__") continue;   // free-form strings; nothing here reads them
            var entry = property.Value;
            if (entry.ValueKind != JsonValueKind.Object) throw bad($"the entry of {named} is not an object");
            if (entry.EnumerateObject().GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw bad($"the entry of {named} gives {Quoted(twice.Key)} twice");
            var dtypeName = entry.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()! : throw bad($"{named} has no dtype (a name such as F32)");
            var (dtype, size) = Dtypes.Where(t => t.Value.Name == dtypeName).Select(t => (t.Key, t.Value.Size)).FirstOrDefault();
            if (size == 0) throw bad($"{named} has dtype {Quoted(dtypeName)}, which this reader does not know");
            var shape = Integers(entry, "shape") ?? throw bad($"{named} has no shape (a list of whole numbers)");
            if (shape.Length > MaxRank) throw bad($"{named} has {shape.Length} dimensions; this reader takes at most {MaxRank}");
            if (shape.Any(n => n < 0)) throw bad($"{named} has a negative dimension in {Tensors.Format(shape)}");
            var offsets = Integers(entry, "data_offsets");
            if (offsets is not [var begin, var end]) throw bad($"{named} has no data_offsets (two whole numbers, begin and end)");
            if (begin < 0 || end < begin || end > dataLength)
                throw bad($"the byte range [{begin}, {end}) of {named} lies outside the file's {dataLength} bytes of data");
            // The element count is multiplied in checked arithmetic: [2^32, 2^32] must not wrap round to a size that fits.
            long bytes;
            try
            {
                bytes = checked(shape.Aggregate(1L, (count, n) => count * n) * size);
            }
            catch (OverflowException)
            {
                throw bad($"{named} is {dtypeName} {Tensors.Format(shape)}, more bytes than a 64-bit count holds, but its byte range holds {end - begin}");
            }
            if (end - begin != bytes)
                throw bad($"{named} is {dtypeName} {Tensors.Format(shape)}, {bytes} bytes, but its byte range holds {end - begin}");
            entries.Add(new Entry(name, dtype, shape, 8 + headerLength + begin, bytes));
        }

        // As the format requires (and the reference reader checks): the ranges tile the data, in some order, with no gap or overlap.
        long covered = 0;
        foreach (var e in entries.OrderBy(e => e.Start).ThenBy(e => e.Length))
        {
            var begin = e.Start - 8 - headerLength;
            if (begin != covered)
                throw bad(begin < covered
                    ? $"the byte range of {Quoted(e.Name)} overlaps another tensor's"
                    : $"no tensor covers bytes [{covered}, {begin}) of the data");
            covered += e.Length;
        }
        if (covered != dataLength)
            throw bad($"the tensors cover {covered} of the {dataLength} bytes of data after the header");
        return entries;
    }

    /// <summary>A tensor's name for a one-line message: quoted, control characters escaped, a long name cut short.</summary>
    private static string Quoted(string name)
    {
        var shown = name.Length > 80 ? name[..80] + "…" : name;
        return "'" + string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";
    }

    /// <summary>A JSON list of whole numbers, or null for anything else (a string, a fraction, a number beyond 64 bits).</summary>
    private static long[]? Integers(JsonElement entry, string property)
    {
        if (!entry.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array) return null;
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i++]))
                return null;
        return values;
    }
}
