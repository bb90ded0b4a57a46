namespace Vae.Cli.Notebooks;

/// <summary>
/// What a cell can call without qualification. The names are .NET Interactive's (<c>display</c>, <c>HTML</c>),
/// lower-case included, so that the same cell source runs in Polyglot Notebooks and in this runner.
/// </summary>
public sealed class NotebookGlobals
{
    private readonly OutputSink sink;

    internal NotebookGlobals(OutputSink sink) => this.sink = sink;

    /// <summary>Shows a value under the cell. A mime type of "text/plain" forces plain text.</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes)
    {
        var formatted = mimeTypes.Contains(CellOutput.PlainText)
            ? (CellOutput.PlainText, value?.ToString() ?? OutputFormatter.NullText)
            : OutputFormatter.Format(value);
        return new DisplayedValue(sink.Add(CellOutputKind.Display, formatted));
    }

    /// <summary>Marks a string as HTML, to be shown as is rather than as text.</summary>
    public HtmlContent HTML(string html) => new(html);
}
