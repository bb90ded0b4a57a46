using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Tests.Notebooks.Documents;

/// <summary>
/// Issue 18: thousands of mutated .dib and .ipynb notebooks (the workbook's own, damaged) through the runner's reader.
/// Every case is read or refused with an <see cref="InvalidDataException"/> whose message starts with the file's path:
/// never another exception or a hang. Seeded, so that a failure replays.
/// </summary>
public sealed class NotebookFuzzTests(ITestOutputHelper log)
{
    private const int Cases = 2500;

    private delegate byte[] Mutation(Random random, string text);

    private static readonly string[] KernelNames =
        ["csharp", "fsharp", "pwsh", "markdown", "md", "cs", "C#", "python", "python3", "", " ", "CSHARP", "c#!", "javascript", "value", "sql", "#", "!!", "meta", "\u0000", "ü"];

    private static readonly (string Kind, Mutation Mutate)[] DibMutations =
    [
        ("truncated", (r, t) => Utf8(t)[..r.Next(Utf8(t).Length + 1)]),
        ("bytes flipped", (r, t) => Flip(r, Utf8(t))),
        ("wrong kernel names", (r, t) => Utf8(ReplaceSome(r, t, "#!csharp", () => "#!" + Pick(r, KernelNames)))),
        ("#!meta not JSON", (r, t) => Utf8(MetaJson(r, t))),
        ("binary", (r, _) => Bytes(r, r.Next(1, 4096))),
        ("not UTF-8", (r, t) => Insert(r, Utf8(t), Pick<byte[]>(r, [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFE, 0xFF]))),
        ("NUL characters", (r, t) => Utf8(t.Insert(r.Next(t.Length + 1), "\0"))),
        ("byte order marks", (r, t) => Pick<byte[]>(r, [.. Encoding.UTF8.GetPreamble(), .. Utf8(t)], [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(t)],
            [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(t)])),
        ("enormous cell", (r, t) => Utf8(t + "\n#!csharp\n\n// " + new string('x', r.Next(1, 4) << 20) + "\n")),
        ("headers only", (r, _) => Utf8(string.Join("\n", Enumerable.Range(0, r.Next(1, 50)).Select(_ => "#!" + Pick(r, KernelNames))))),
        ("line endings", (r, t) => Utf8(Pick(r, t.Replace("\n", "\r\n"), t.Replace("\n", "\r"), t.Replace("\n", "\u2028")))),
        ("spliced", (r, t) => Utf8(t[..r.Next(t.Length)] + t[r.Next(t.Length)..])),
    ];

    private static readonly (string Kind, Mutation Mutate)[] IpynbMutations =
    [
        ("truncated", (r, t) => Utf8(t)[..r.Next(Utf8(t).Length + 1)]),
        ("bytes flipped", (r, t) => Flip(r, Utf8(t))),
        ("nbformat", (r, t) => Json(t, n => n["nbformat"] = Pick<JsonNode?>(r, 3, 5, "4", null, 4.5, JsonNode.Parse("4.0"), new JsonArray(4)))),
        ("cells", (r, t) => Json(t, n => n["cells"] = Pick<JsonNode?>(r, null, "cells", 1, new JsonObject(), new JsonArray(1, "x", null), new JsonArray(new JsonArray())))),
        ("cell_type", (r, t) => Cell(r, t, c => c["cell_type"] = Pick<JsonNode?>(r, "code", "markdown", "raw", "heading", "", null, 1, new JsonArray("code")))),
        ("source", (r, t) => Cell(r, t, c => c["source"] = Pick<JsonNode?>(r, null, 1, "", "x", new JsonArray(), new JsonArray("a\n", 2), new JsonArray(new JsonArray("a")),
            new JsonObject { ["text"] = "x" }))),
        ("missing keys", (r, t) => Cell(r, t, c => c.Remove(Pick(r, "cell_type", "source", "metadata", "outputs", "id", "execution_count")))),
        ("wrong kernel names", (r, t) => Cell(r, t, c =>
        {
            c["metadata"] = new JsonObject
            {
                ["polyglot_notebook"] = Pick<JsonNode?>(r, new JsonObject { ["kernelName"] = Pick(r, KernelNames) }, "csharp", null, new JsonObject { ["kernelName"] = 3 }),
                ["dotnet_interactive"] = Pick<JsonNode?>(r, new JsonObject { ["language"] = Pick(r, KernelNames) }, new JsonArray(), null),
            };
            if (r.Next(3) == 0) c["source"] = "#!" + Pick(r, KernelNames) + "\n1 + 1";
        })),
        ("metadata", (r, t) => Json(t, n => n["metadata"] = Pick<JsonNode?>(r, null, 1, "C#", new JsonArray(),
            new JsonObject { ["kernelspec"] = Pick<JsonNode?>(r, null, 1, new JsonObject { ["language"] = Pick<JsonNode?>(r, "F#", "PowerShell", "python", 7, null) }) }))),
        ("outputs", (r, t) => Cell(r, t, c => c["outputs"] = Pick<JsonNode?>(r, null, "x", new JsonArray(1, null),
            new JsonArray(new JsonObject { ["output_type"] = "error" }), new JsonArray(new JsonObject { ["output_type"] = "display_data", ["data"] = 5 })))),
        ("duplicate keys", (r, t) => Utf8(t.Replace("\"cell_type\": \"code\",", Pick(r, "\"cell_type\": \"code\", \"cell_type\": \"raw\",", "\"cell_type\": \"code\", \"source\": 1,")))),
        ("deep nesting", (r, _) => Utf8(new string('[', r.Next(60, 20_000)) + new string(']', r.Next(0, 20_000)))),
        ("binary", (r, _) => Bytes(r, r.Next(1, 4096))),
        ("not UTF-8", (r, t) => Insert(r, Utf8(t), Pick<byte[]>(r, [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80]))),
        ("enormous cell", (r, t) => Cell(r, t, c => c["source"] = new string('y', r.Next(1, 4) << 20))),
        ("random JSON", (r, _) => Utf8(RandomJson(r, r.Next(1, 60))?.ToJsonString() ?? "null")),
    ];

    [Fact(Timeout = 600_000)]
    public async Task MutatedDibNotebooks_AreReadOrRefused_NeverAnythingElse() =>
        await Fuzz(9_017, DibFormat.Extension, DibMutations, WorkbookLayout.Current.TeacherNotebooks().Select(File.ReadAllText).ToList());

    [Fact(Timeout = 600_000)]
    public async Task MutatedIpynbNotebooks_AreReadOrRefused_NeverAnythingElse() =>
        await Fuzz(9_018, IpynbFormat.Extension, IpynbMutations,
            WorkbookLayout.Current.TeacherNotebooks().Select(d => File.ReadAllText(GeneratedNotebooks.TwinPath(d))).ToList());

    private async Task Fuzz(int seed, string extension, (string Kind, Mutation Mutate)[] mutations, IReadOnlyList<string> originals)
    {
        var outcomes = await Task.Run(() =>
        {
            var random = new Random(seed);
            var path = Path.Combine(TestPaths.TempDirectory("notebook-fuzz"), "fuzzed" + extension);
            var outcomes = new FuzzOutcomes(seed);
            for (var i = 0; i < Cases; i++)
            {
                var (kind, mutate) = mutations[i % mutations.Length];
                File.WriteAllBytes(path, mutate(random, originals[random.Next(originals.Count)]));
                outcomes.Run<InvalidDataException>(kind, i, () => NotebookReader.Load(path),
                    e => e.Message.StartsWith(path, StringComparison.Ordinal) ? null : "does not name the file first");
            }
            return outcomes;
        });

        log.WriteLine(outcomes.Summary("InvalidDataException naming the file"));
        Assert.Equal(Cases, outcomes.Cases);
        Assert.True(outcomes.Unexpected.Count == 0, string.Join("\n", outcomes.Unexpected.Take(10)));
    }

    /// <summary>A file far beyond any notebook (sparse: it takes no disk) is refused by its size, without being read.</summary>
    [Fact]
    public void AGiantFile_IsRefusedWithoutReadingIt()
    {
        var path = Path.Combine(TestPaths.TempDirectory("notebook-giant"), "giant.ipynb");
        using (var file = new FileStream(path, FileMode.CreateNew)) file.SetLength(3L << 30);
        var e = Assert.Throws<InvalidDataException>(() => NotebookReader.Load(path));
        Assert.Equal($"{path} is 3072 MB, more than the 256 MB a notebook may have: is it the right file?", e.Message);
        File.Delete(path);
    }

    /// <summary>Through the real command, in its own process: exit codes, not a crash (the JsonException used to end it with 134).</summary>
    [Fact]
    public void TheCommand_OnDamagedNotebooks_ExitsWith1AndALinePerNotebook()
    {
        var folder = TestPaths.TempDirectory("notebook-fuzz-cli");
        var random = new Random(9_019);
        var binary = Path.Combine(folder, "binary.dib");
        File.WriteAllBytes(binary, Bytes(random, 2048));
        var meta = Path.Combine(folder, "meta.dib");
        File.WriteAllText(meta, "#!meta\n\n{\"kernelInfo\":\n\n#!csharp\n\n1\n");
        var cut = Path.Combine(folder, "cut.ipynb");
        File.WriteAllText(cut, File.ReadAllText(GeneratedNotebooks.TwinPath(WorkbookLayout.Current.TeacherNotebooks()[0]))[..500]);

        var run = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", "run", binary, meta, cut, "--out", Path.Combine(folder, "out")]);
        Assert.Equal(1, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["binary.dib", "meta.dib", "cut.ipynb"], lines.Select(l => l["vae notebooks run: ".Length..].Split([' ', ':'])[0]));
        Assert.True(File.Exists(Path.Combine(folder, "out", "index.html")), run.ToString());

        var export = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", "export", binary, meta]);
        Assert.Equal(1, export.ExitCode);
        Assert.Equal(2, export.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(Random random, byte[] bytes)
    {
        for (var n = random.Next(1, 17); n > 0 && bytes.Length > 0; n--)
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        return bytes;
    }

    private static byte[] Insert(Random random, byte[] bytes, byte[] inserted)
    {
        var at = random.Next(bytes.Length + 1);
        return [.. bytes[..at], .. inserted, .. bytes[at..]];
    }

    private static string ReplaceSome(Random random, string text, string what, Func<string> with)
    {
        var parts = text.Split(what);
        var result = new StringBuilder(parts[0]);
        for (var i = 1; i < parts.Length; i++) result.Append(random.Next(3) == 0 ? with() : what).Append(parts[i]);
        return result.ToString();
    }

    /// <summary>The #!meta block's JSON damaged: cut, a character changed, or replaced by JSON of another shape.</summary>
    private static string MetaJson(Random random, string text)
    {
        var start = text.IndexOf('{');
        var end = text.IndexOf("\n\n#!", start, StringComparison.Ordinal);
        var json = text[start..end];
        var damaged = random.Next(6) switch
        {
            0 => json[..random.Next(json.Length)],
            1 => json.Remove(random.Next(json.Length), 1).Insert(random.Next(json.Length - 1), Pick(random, "{", "}", "\"", ",", "x", "\\", "[")),
            2 => Pick(random, "[1, 2]", "\"x\"", "null", "42", "true", "{}"),
            3 => Pick(random, "{\"kernelInfo\": 5}", "{\"kernelInfo\": {\"items\": \"x\"}}", "{\"kernelInfo\": {\"items\": [5]}}",
                "{\"kernelInfo\": {\"defaultKernelName\": []}}", "{\"kernelInfo\": {\"items\": [{\"name\": 1}]}}", "{\"kernelInfo\": null}"),
            4 => new string('[', random.Next(60, 3000)),
            _ => json.Replace("\"csharp\"", "\"" + Pick(random, KernelNames) + "\""),
        };
        return text[..start] + damaged + text[end..];
    }

    private static byte[] Json(string text, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        change(json);
        return Utf8(json.ToJsonString());
    }

    private static byte[] Cell(Random random, string text, Action<JsonObject> change) => Json(text, json =>
    {
        var cells = json["cells"]!.AsArray();
        change(cells[random.Next(cells.Count)]!.AsObject());
    });

    private static JsonNode? RandomJson(Random random, int budget)
    {
        switch (random.Next(budget <= 1 ? 4 : 7))
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(-5, 6));
            case 2: return JsonValue.Create(Pick(random, "code", "markdown", "cells", "source", "#!csharp\n1", ""));
            case 3: return JsonValue.Create(random.Next(2) == 0);
            case 4 or 5:
                var obj = new JsonObject();
                for (var i = random.Next(0, 5); i > 0; i--)
                    obj[Pick(random, "cells", "nbformat", "cell_type", "source", "metadata", "outputs", i.ToString())] = RandomJson(random, budget / 2);
                return obj;
            default:
                var array = new JsonArray();
                for (var i = random.Next(0, 4); i > 0; i--) array.Add(RandomJson(random, budget / 2));
                return array;
        }
    }
}
