using System.Text.Json;

namespace Vae.Notebooks.Kernel;

/// <summary>A value as the kernel formatted it for one mime type (text/html, text/plain, ...).</summary>
public sealed record FormattedValue(string MimeType, string Value);

/// <summary>A compile diagnostic, positions 0-based as the kernel sends them.</summary>
public sealed record KernelDiagnostic(string Severity, string Code, string Message, int Line, int Character);

/// <summary>
/// One event of the kernel's stdio protocol (a KernelEventEnvelope: eventType, event, and the envelope of the
/// command it answers), reduced to what the runner uses.
/// </summary>
public sealed record KernelEvent(string Type, string? Token, IReadOnlyList<FormattedValue> Values, string? ValueId, string? Message,
    IReadOnlyList<KernelDiagnostic> Diagnostics)
{
    public const string Ready = "KernelReady";
    public const string Succeeded = "CommandSucceeded";
    public const string Failed = "CommandFailed";
    public const string DisplayedValueProduced = "DisplayedValueProduced";
    public const string DisplayedValueUpdated = "DisplayedValueUpdated";
    public const string ReturnValueProduced = "ReturnValueProduced";
    public const string StandardOutputValueProduced = "StandardOutputValueProduced";
    public const string StandardErrorValueProduced = "StandardErrorValueProduced";
    public const string DiagnosticsProduced = "DiagnosticsProduced";

    public bool IsCompletion => Type is Succeeded or Failed;

    /// <summary>Reads an event envelope; null for anything else (a command envelope, stray text).</summary>
    public static KernelEvent? Parse(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("eventType", out var type) || type.GetString() is not { } name)
            return null;
        var body = envelope.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        string? token = envelope.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.Object
            && command.TryGetProperty("token", out var t) ? t.GetString() : null;
        return new KernelEvent(name, token, ReadValues(body), Text(body, "valueId"), Text(body, "message"), ReadDiagnostics(body));
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static List<FormattedValue> ReadValues(JsonElement body)
    {
        var values = new List<FormattedValue>();
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("formattedValues", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var item in list.EnumerateArray())
                if (Text(item, "mimeType") is { } mime)
                    values.Add(new FormattedValue(mime, Text(item, "value") ?? ""));
        return values;
    }

    private static List<KernelDiagnostic> ReadDiagnostics(JsonElement body)
    {
        var diagnostics = new List<KernelDiagnostic>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("diagnostics", out var list) || list.ValueKind != JsonValueKind.Array)
            return diagnostics;
        foreach (var item in list.EnumerateArray())
        {
            var start = item.TryGetProperty("linePositionSpan", out var span) && span.TryGetProperty("start", out var s) ? s : default;
            diagnostics.Add(new KernelDiagnostic(Text(item, "severity") ?? "", Text(item, "code") ?? "", Text(item, "message") ?? "",
                Number(start, "line"), Number(start, "character")));
        }
        return diagnostics;
    }

    private static int Number(JsonElement position, string name) =>
        position.ValueKind == JsonValueKind.Object && position.TryGetProperty(name, out var n) && n.TryGetInt32(out var i) ? i : 0;
}
