using Vae.Notebooks.Kernel;
namespace Vae.Notebooks.Running;

public enum CellOutputKind
{
    /// <summary>Text the cell wrote to <see cref="Console.Out"/> (StandardOutputValueProduced).</summary>
    StandardOutput,
    /// <summary>Text the cell wrote to <see cref="Console.Error"/> (StandardErrorValueProduced).</summary>
    StandardError,
    /// <summary>A value passed to <c>display(...)</c> (DisplayedValueProduced, then any DisplayedValueUpdated).</summary>
    Display,
    /// <summary>The value of the cell's trailing expression (ReturnValueProduced).</summary>
    ReturnValue,
    /// <summary>A note from the runner about the cell (a skipped kernel, text the kernel process printed outside the protocol).</summary>
    Warning,
}

/// <summary>
/// One output of a cell as the kernel formatted it: <see cref="Values"/> by mime type, and the one the report shows
/// (<see cref="MimeType"/>, <see cref="Content"/>: HTML when the kernel sent HTML, else the first it sent).
/// Mutable because console text arrives in pieces and <c>display(...).Update(...)</c> replaces a value in place.
/// </summary>
public sealed class CellOutput
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";

    private readonly Lock gate = new();
    private IReadOnlyList<FormattedValue> values;

    internal CellOutput(CellOutputKind kind, IReadOnlyList<FormattedValue> values, string? valueId = null)
    {
        Kind = kind;
        this.values = values;
        ValueId = valueId;
    }

    public CellOutputKind Kind { get; }

    /// <summary>The kernel's id for a displayed value, which its updates name.</summary>
    public string? ValueId { get; }

    public IReadOnlyList<FormattedValue> Values
    {
        get
        {
            lock (gate)
                return values;
        }
    }

    public string MimeType => Shown.MimeType;

    public string Content => Shown.Value;

    public bool IsHtml => MimeType == Html;

    /// <summary>A chart or an image: what the report counts as a figure.</summary>
    public bool IsFigure => IsHtml && LooksLikeFigure(Content);

    /// <summary>The value for one mime type, or null if the kernel did not send it.</summary>
    public string? ValueFor(string mimeType) => Values.FirstOrDefault(v => v.MimeType == mimeType)?.Value;

    /// <summary>
    /// A figure is a Plotly chart or an image. Found by looking at the HTML because the figure types live in the
    /// notebooks' helper assembly, whose outputs the kernel formats.
    /// </summary>
    public static bool LooksLikeFigure(string html) =>
        html.Contains("Plotly.newPlot", StringComparison.Ordinal) ||
        html.Contains("Plotly.react", StringComparison.Ordinal) ||
        html.Contains("<img", StringComparison.OrdinalIgnoreCase) ||
        html.Contains("<svg", StringComparison.OrdinalIgnoreCase);

    private FormattedValue Shown
    {
        get
        {
            var current = Values;
            return current.FirstOrDefault(v => v.MimeType == Html) ?? current.FirstOrDefault() ?? new FormattedValue(PlainText, "");
        }
    }

    internal void Append(string text)
    {
        lock (gate)
            values = [.. values.Select((v, i) => i == 0 ? v with { Value = v.Value + text } : v)];
    }

    internal void Replace(IReadOnlyList<FormattedValue> replacement)
    {
        lock (gate)
            values = replacement;
    }

    public override string ToString() => $"{Kind} {MimeType}: {Content}";
}
