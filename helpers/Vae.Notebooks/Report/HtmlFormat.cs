using System.Text.RegularExpressions;

namespace Vae.Notebooks.Report;

/// <summary>Small text helpers shared by the report pages.</summary>
internal static partial class HtmlFormat
{
    public static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);

    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 0.1 => $"{duration.TotalMilliseconds:0} ms",
        < 60 => $"{duration.TotalSeconds:0.0} s",
        _ => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
    };

    /// <summary>
    /// A standalone page of one table in the report's style (index.html). <paramref name="facts"/> and
    /// <paramref name="header"/> are HTML.
    /// </summary>
    public static string TablePage(string title, string facts, string header, string rows) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(title)}</title>
        <style>
        {ReportResources.Css.Value}
        </style>
        </head>
        <body>
        <header class="page">
        <h1>{Escape(title)}</h1>
        <div class="facts">{facts}</div>
        </header>
        <main>
        <table class="notebooks">
        <thead><tr>{header}</tr></thead>
        <tbody>
        {rows}
        </tbody>
        </table>
        </main>
        </body>
        </html>

        """;

    /// <summary>
    /// Console text as a terminal would show it: colour escapes dropped, and a carriage return (a progress bar
    /// redrawing its line) keeps only what was written after it.
    /// </summary>
    public static string TerminalText(string text)
    {
        var lines = AnsiEscape().Replace(text, "").Replace("\r\n", "\n").Split('\n');
        return string.Join('\n', lines.Select(l => l[(l.LastIndexOf('\r') + 1)..]));
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();
}
