using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vae.Checks;

/// <summary>
/// The outcome of one check: the line a person reads (<see cref="ToString"/>) and, for a teacher's tools, the same as
/// JSON under its own mime type, <c>{"check": …, "passed": …, "message": …, "mistake": …}</c>, in the cell's outputs.
/// <see cref="Mistake"/> names a failed check's mistake for tools that count them across a class (e.g. "kl.log-sigma"); null
/// when the check passed or the mistake has no name.
/// </summary>
public sealed record CheckResult(string Check, bool Passed, string Message, string? Mistake = null)
{
    /// <summary>
    /// The exercise that stands in the way when this one could not be judged (e.g. training_step while compute_elbo is
    /// wrong): the check neither passed nor named a mistake of its own. Null when it was judged.
    /// </summary>
    public string? BlockedBy { get; init; }

    /// <summary>The mime type of the machine-readable result in a cell's outputs.</summary>
    public const string MimeType = "application/vnd.vae.check+json";

    // Relaxed escaping: the messages' μ, σ and ⊙ stay readable in a saved notebook (the JSON is data, never HTML).
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(new { check = Check, passed = Passed, message = Message, mistake = Mistake, blockedBy = BlockedBy }, Options);

    /// <summary>A result from its JSON (<see cref="ToJson"/>); null for anything else.</summary>
    public static CheckResult? FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                   && root.TryGetProperty("check", out var name) && name.ValueKind == JsonValueKind.String
                   && root.TryGetProperty("passed", out var passed) && passed.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new CheckResult(name.GetString()!, passed.GetBoolean(),
                    root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "",
                    root.TryGetProperty("mistake", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null)
                {
                    BlockedBy = root.TryGetProperty("blockedBy", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>✓ passed, ✗ a mistake of its own, – not judged.</summary>
    public string Mark => Passed ? "✓" : BlockedBy is null ? "✗" : "–";

    public override string ToString() => $"{Mark} {Check}: {Message}";
}

/// <summary>
/// A check that failed: the cell's error is its one line, which names the mistake and hints at the fix. No stack trace:
/// the mistake is in the student's code, which the line names, not in the check.
/// </summary>
public sealed class CheckFailedException(CheckResult result) : Exception(result.ToString())
{
    public CheckResult Result { get; } = result;

    // Empty, not null: the kernel's Jupyter mode splits the trace into lines, and a null one leaves the cell unanswered.
    public override string StackTrace => "";

    public override string ToString() => Message;
}
