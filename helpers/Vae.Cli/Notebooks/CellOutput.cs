namespace Vae.Cli.Notebooks;

public enum CellOutputKind
{
    /// <summary>Text the cell wrote to <see cref="Console.Out"/>.</summary>
    StandardOutput,
    /// <summary>Text the cell wrote to <see cref="Console.Error"/>.</summary>
    StandardError,
    /// <summary>A value passed to <c>display(...)</c>.</summary>
    Display,
    /// <summary>The value of the cell's trailing expression.</summary>
    ReturnValue,
    /// <summary>A note from the runner about the cell (an ignored magic command, a redirected #r).</summary>
    Warning,
}

/// <summary>
/// One output of a cell, already formatted: <see cref="MimeType"/> is <c>text/plain</c> or <c>text/html</c>.
/// Mutable because console text arrives in pieces and <c>display(...).Update(...)</c> replaces a value in place.
/// </summary>
public sealed class CellOutput
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";

    private readonly Lock gate = new();

    internal CellOutput(CellOutputKind kind, string mimeType, string content)
    {
        Kind = kind;
        MimeType = mimeType;
        Content = content;
    }

    public CellOutputKind Kind { get; }

    public string MimeType { get; private set; }

    public string Content { get; private set; }

    public bool IsHtml => MimeType == Html;

    /// <summary>A chart or an image: what the report counts as a figure.</summary>
    public bool IsFigure => IsHtml && OutputFormatter.LooksLikeFigure(Content);

    internal void Append(string text)
    {
        lock (gate)
        {
            Content += text;
        }
    }

    internal void Replace(string mimeType, string content)
    {
        lock (gate)
        {
            MimeType = mimeType;
            Content = content;
        }
    }

    public override string ToString() => $"{Kind} {MimeType}: {Content}";
}
