using System.Text.Json;
using System.Text.Json.Nodes;
using Vae.Core;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>
/// What a check collected of the student's code on the inputs its seed chose: the tensors and numbers the student's code
/// returned (and of the student's own model what the judgement needs, e.g. its weights), or the exercise the code stopped
/// at, or the exception it threw. A check's judge reads nothing else, so a grader can collect in the student's kernel and
/// judge in its own process (<see cref="Check.Judge"/>): a ✓ then needs the right tensors for inputs the student did not
/// choose. Values are kept on the CPU as float32 (long for labels), in managed memory.
/// </summary>
public sealed class Evidence
{
    /// <summary>The mime type of evidence in a cell's outputs when grading (<see cref="Settings.CheckSeed"/> set).</summary>
    public const string MimeType = "application/vnd.vae.check-evidence+json";

    private readonly Dictionary<string, (long[] Shape, float[] Values)> tensors = [];
    private readonly List<string> order = [];
    private readonly Dictionary<string, double> numbers = [];
    private readonly Dictionary<string, string> texts = [];

    public Evidence(string check, long seed) => (Check, Seed) = (check, seed);

    public string Check { get; }

    /// <summary>The seed the inputs were drawn from.</summary>
    public long Seed { get; }

    /// <summary>The student's code threw this (type and first line), and collecting stopped there.</summary>
    public string? Threw { get; set; }

    /// <summary>The student's code stopped at an exercise not written yet: its stub's hint.</summary>
    public string? NotWritten { get; set; }

    /// <summary>Why the student's code could not be called at all (no such method, a model without parameters).</summary>
    public string? CannotCheck { get; set; }

    /// <summary>Keeps <paramref name="value"/>'s values (null: nothing is kept, <see cref="Has"/> says false).</summary>
    public void Add(string name, Tensor? value)
    {
        if (value is null)
            return;
        if (!tensors.ContainsKey(name))
            order.Add(name);
        tensors[name] = (value.shape, value.ToArray<float>());
    }

    public void Add(string name, double value) => numbers[name] = value;

    public void Add(string name, string text) => texts[name] = text;

    public bool Has(string name) => tensors.ContainsKey(name) || numbers.ContainsKey(name) || texts.ContainsKey(name);

    /// <summary>The tensors' names, in the order they were added.</summary>
    public IReadOnlyList<string> Names => order;

    /// <summary>The tensor kept under <paramref name="name"/>, on the CPU as float32.</summary>
    /// <exception cref="InvalidDataException">Nothing of that name: evidence of another check, or made by hand.</exception>
    public Tensor this[string name] => tensors.TryGetValue(name, out var t)
        ? tensor(t.Values, t.Shape)
        : throw new InvalidDataException($"the evidence of {Check} has no tensor '{name}'");

    /// <summary>The tensor kept under <paramref name="name"/>, or null when the student's code gave none.</summary>
    public Tensor? Find(string name) => tensors.ContainsKey(name) ? this[name] : null;

    public double Number(string name) => numbers.TryGetValue(name, out var n) ? n
        : throw new InvalidDataException($"the evidence of {Check} has no number '{name}'");

    public double? NumberOrNull(string name) => numbers.TryGetValue(name, out var n) ? n : null;

    public string Text(string name) => texts.TryGetValue(name, out var t) ? t
        : throw new InvalidDataException($"the evidence of {Check} has no text '{name}'");

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["check"] = Check,
            ["seed"] = Seed,
            ["threw"] = Threw,
            ["notWritten"] = NotWritten,
            ["cannotCheck"] = CannotCheck,
            ["numbers"] = new JsonObject([.. numbers.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)JsonValue.Create(n.Value)))]),
            ["texts"] = new JsonObject([.. texts.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]),
            // An array, not an object: the order of the tensors is part of the evidence (weights are flattened in it).
            ["tensors"] = new JsonArray([.. order.Select(name => (JsonNode?)new JsonObject
            {
                ["name"] = name,
                ["shape"] = new JsonArray([.. tensors[name].Shape.Select(s => (JsonNode?)JsonValue.Create(s))]),
                ["float32"] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensors[name].Values.AsSpan())),
            })]),
        };
        return json.ToJsonString();
    }

    /// <summary>Evidence from its JSON (<see cref="ToJson"/>).</summary>
    /// <exception cref="InvalidDataException">Not evidence: not JSON, a field missing or of the wrong kind, values that do not fill their shape.</exception>
    public static Evidence FromJson(string json)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("evidence is not a JSON object");
            var evidence = new Evidence(root["check"]!.GetValue<string>(), root["seed"]!.GetValue<long>())
            {
                Threw = root["threw"]?.GetValue<string>(),
                NotWritten = root["notWritten"]?.GetValue<string>(),
                CannotCheck = root["cannotCheck"]?.GetValue<string>(),
            };
            foreach (var (name, value) in root["numbers"]!.AsObject())
                evidence.numbers[name] = value!.GetValue<double>();
            foreach (var (name, value) in root["texts"]!.AsObject())
                evidence.texts[name] = value!.GetValue<string>();
            foreach (var value in root["tensors"]!.AsArray())
            {
                var name = value!["name"]!.GetValue<string>();
                long[] shape = [.. value["shape"]!.AsArray().Select(s => s!.GetValue<long>())];
                var bytes = Convert.FromBase64String(value["float32"]!.GetValue<string>());
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                if (shape.Any(s => s < 0) || values.LongLength != shape.Aggregate(1L, (a, b) => checked(a * b)))
                    throw new InvalidDataException($"evidence tensor '{name}' holds {values.Length} values for shape {Tensors.Format(shape)}");
                if (!evidence.tensors.TryAdd(name, (shape, values)))
                    throw new InvalidDataException($"evidence tensor '{name}' is given twice");
                evidence.order.Add(name);
            }
            return evidence;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException
                                      or OverflowException or KeyNotFoundException)
        {
            throw new InvalidDataException($"not a check's evidence: {e.Message}", e);
        }
    }

    public override string ToString() => $"evidence of {Check}: {string.Join(", ", order.Concat(numbers.Keys))}";
}
