using System.Text;
using System.Text.Json.Nodes;
using Vae.Data;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;
using Xunit.Abstractions;

namespace Vae.Tests.Training;

/// <summary>
/// Issue 18: thousands of mutated safetensors files through the reader, seeded so that a failure replays. Every case
/// ends in tensors or an <see cref="InvalidDataException"/> that names the file, in one line: never another exception,
/// a hang, or a native abort (which would take the test process down with it).
/// </summary>
public sealed class SafetensorsFuzzTests(ITestOutputHelper log)
{
    private const int Seed = 18_001;
    private const int Cases = 3000;

    private delegate byte[] Mutation(Random random, string header, byte[] data);

    private static readonly (string Kind, Mutation Mutate)[] Mutations =
    [
        ("truncated file", (r, h, d) => Whole(h, d)[..r.Next(Whole(h, d).Length)]),
        ("bytes appended", (r, h, d) => [.. Whole(h, d), .. Bytes(r, r.Next(1, 64))]),
        ("header length field", (r, h, d) => SafetensorsFile.Join(Encoding.UTF8.GetBytes(h), d, Pick(r,
            0L, 1L, 2L, 7L, 8L, Encoding.UTF8.GetByteCount(h) - 1L, Encoding.UTF8.GetByteCount(h) + 1L, r.Next(), r.NextInt64(),
            -r.NextInt64(), long.MaxValue, long.MinValue, 100_000_001L))),
        ("bits flipped in the header", (r, h, d) => Flip(r, Whole(h, d), 8, 8 + Encoding.UTF8.GetByteCount(h))),
        ("bits flipped anywhere", (r, h, d) => Flip(r, Whole(h, d), 0, Whole(h, d).Length)),
        ("dtype", (r, h, d) => Entry(r, h, d, e => Set(r, e, "dtype",
            Pick<JsonNode?>(r, "F32", "F64", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "U64", "", "f32", 32, null, true,
                new JsonArray(), new JsonObject())))),
        ("shape", (r, h, d) => Entry(r, h, d, e => Set(r, e, "shape", Shape(r)))),
        ("data_offsets", (r, h, d) => Entry(r, h, d, e => Set(r, e, "data_offsets", Offsets(r, d.Length)))),
        ("duplicate names", (r, h, d) => SafetensorsFile.Join(Duplicate(r, h), d)),
        ("missing names", (r, h, d) => Header(r, h, d, json =>
        {
            var names = json.Select(p => p.Key).ToList();
            foreach (var name in names.OrderBy(_ => r.Next()).Take(r.Next(1, names.Count + 1))) json.Remove(name);
        })),
        ("odd names", (r, h, d) => Header(r, h, d, json =>
        {
            var name = json.Select(p => p.Key).ElementAt(r.Next(json.Count));
            var entry = json[name]!;
            json.Remove(name);
            json[Pick(r, "", "\u001b[2J", "\0", new string('n', 100_000), "😀\ud800", "__metadata__", "a/b/../c", "model.mu.weight")] = entry;
        })),
        ("metadata", (r, h, d) => Header(r, h, d, json => json["__metadata__"] =
            Pick<JsonNode?>(r, null, 1, "x", new JsonArray(1, 2), new JsonObject { ["format"] = "pt" }, new JsonObject { ["a"] = new JsonObject() }))),
        ("not UTF-8", (r, h, d) =>
        {
            var header = Encoding.UTF8.GetBytes(h).ToList();
            var at = r.Next(header.Count + 1);
            header.InsertRange(at, Pick<byte[]>(r, [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]));
            return SafetensorsFile.Join([.. header], d);
        }),
        ("header padded", (r, h, d) => SafetensorsFile.Join(h + new string(Pick(r, ' ', '\t', '\n', '\0', 'x'), r.Next(1, 200_000)), d)),
        ("random JSON", (r, h, d) => SafetensorsFile.Join(RandomJson(r, r.Next(1, 80))?.ToJsonString() ?? "null", d)),
        ("deep nesting", (r, h, d) => SafetensorsFile.Join(new string('[', r.Next(60, 5000)) + new string(']', r.Next(0, 5000)), d)),
    ];

    [Fact(Timeout = 300_000)]
    public async Task MutatedFiles_AreReadOrRefused_NeverAnythingElse()
    {
        var outcomes = await Task.Run(() =>
        {
            var random = new Random(Seed);
            var (header, data) = SafetensorsFile.Split(SafetensorsFile.Valid());
            var path = Path.Combine(TestPaths.TempDirectory("safetensors-fuzz"), "fuzzed.safetensors");
            var outcomes = new FuzzOutcomes(Seed);
            for (var i = 0; i < Cases; i++)
            {
                var (kind, mutate) = Mutations[i % Mutations.Length];
                File.WriteAllBytes(path, mutate(random, header, data));
                outcomes.Run<InvalidDataException>(kind, i, () =>
                {
                    using var scope = TorchSharp.torch.NewDisposeScope();
                    Safetensors.Load(path);
                }, e => e.Message.StartsWith($"{path} is not a valid safetensors file: ", StringComparison.Ordinal) && !e.Message.Contains('\n')
                    ? null : "not one line naming the file");
            }
            return outcomes;
        });

        log.WriteLine(outcomes.Summary("InvalidDataException naming the file"));
        Assert.Equal(Cases, outcomes.Cases);
        Assert.True(outcomes.Unexpected.Count == 0, string.Join("\n", outcomes.Unexpected.Take(10)));
    }

    private static byte[] Whole(string header, byte[] data) => SafetensorsFile.Join(header, data);

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(Random random, byte[] file, int from, int to)
    {
        for (var n = random.Next(1, 9); n > 0 && to > from; n--)
            file[random.Next(from, to)] ^= (byte)(1 << random.Next(8));
        return file;
    }

    private static byte[] Header(Random random, string header, byte[] data, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(header)!.AsObject();
        change(json);
        return SafetensorsFile.Join(json.ToJsonString(), data);
    }

    private static byte[] Entry(Random random, string header, byte[] data, Action<JsonObject> change) =>
        Header(random, header, data, json => change(json.Select(p => p.Value!.AsObject()).ElementAt(random.Next(json.Count))));

    /// <summary>Sets a field of an entry, or removes it (one time in eight).</summary>
    private static void Set(Random random, JsonObject entry, string field, JsonNode? value)
    {
        if (random.Next(8) == 0) entry.Remove(field);
        else entry[field] = value;
    }

    private static JsonNode? Shape(Random random)
    {
        if (random.Next(10) == 0) return Pick<JsonNode?>(random, null, 3, "[2, 3]", new JsonObject(), new JsonArray(new JsonArray(2)));
        if (random.Next(10) == 0) return new JsonArray(4294967296L, 4294967296L);
        var rank = random.Next(10) == 0 ? random.Next(30, 70) : random.Next(0, 6);
        var shape = new JsonArray();
        for (var i = 0; i < rank; i++)
            shape.Add(Pick<JsonNode?>(random, 0, 1, 1, 2, 3, 4, 6, 24, -1, 1L << 31, 1L << 32, 1L << 62, long.MaxValue, 1.5, "2", null,
                JsonNode.Parse("18446744073709551616"), JsonNode.Parse("1e3")));
        return shape;
    }

    private static JsonNode? Offsets(Random random, int dataLength)
    {
        if (random.Next(10) == 0) return Pick<JsonNode?>(random, null, 0, "0,3", new JsonArray(), new JsonArray(0), new JsonArray(0, 1, 2));
        JsonNode? Bound() => Pick<JsonNode?>(random, 0, random.Next(dataLength + 1), random.Next(dataLength + 1), dataLength, dataLength + 1, -1,
            long.MaxValue, long.MinValue, 1.5, JsonNode.Parse("1e2"), "3", null);
        return new JsonArray(Bound(), Bound());
    }

    /// <summary>The header with one tensor's entry written twice (the same name, another or the same value).</summary>
    private static string Duplicate(Random random, string header)
    {
        var json = JsonNode.Parse(header)!.AsObject();
        var (name, entry) = json.ElementAt(random.Next(json.Count));
        var copy = random.Next(2) == 0 ? entry!.ToJsonString() : json.ElementAt(random.Next(json.Count)).Value!.ToJsonString();
        // JsonObject cannot hold a name twice; the text can.
        return header[..^1] + $",{JsonValue.Create(name).ToJsonString()}:{copy}" + "}";
    }

    private static JsonNode? RandomJson(Random random, int budget)
    {
        switch (random.Next(budget <= 1 ? 4 : 7))
        {
            case 0: return null;
            case 1: return random.Next(2) == 0 ? JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)) : JsonValue.Create(random.NextDouble() * 1e10);
            case 2: return JsonValue.Create(Pick(random, "F32", "", "shape", "data_offsets", "\u0000"));
            case 3: return JsonValue.Create(random.Next(2) == 0);
            case 4 or 5:
                var obj = new JsonObject();
                for (var i = random.Next(0, 4); i > 0; i--)
                    obj[Pick(random, "dtype", "shape", "data_offsets", "w", "__metadata__", i.ToString())] = RandomJson(random, budget / 2);
                return obj;
            default:
                var array = new JsonArray();
                for (var i = random.Next(0, 4); i > 0; i--) array.Add(RandomJson(random, budget / 2));
                return array;
        }
    }
}
