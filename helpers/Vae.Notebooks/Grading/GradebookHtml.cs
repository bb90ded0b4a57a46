using Vae.Notebooks.Report;

namespace Vae.Notebooks.Grading;

/// <summary>What the gradebook page and the feedback pages share: the page around them, a check's cell, points.</summary>
internal static class GradebookHtml
{
    private static readonly Lazy<string> Css = new(() =>
    {
        using var stream = typeof(GradebookHtml).Assembly.GetManifestResourceStream("Vae.Notebooks.Grading.gradebook.css")
            ?? throw new InvalidOperationException("embedded resource gradebook.css missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Escape(string text) => HtmlFormat.Escape(text);

    /// <summary>A whole page, its style sheet inside it: it needs no other file, so a feedback page can be mailed as it is.</summary>
    public static string Page(string title, string facts, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(title)}</title>
        <style>
        {ReportResources.Css.Value}
        {Css.Value}
        </style>
        </head>
        <body class="gradebook">
        <header class="page">
        <h1>{Escape(title)}</h1>
        <div class="facts">{facts}</div>
        </header>
        <main>
        {body}
        </main>
        </body>
        </html>

        """;

    /// <summary>
    /// A check's cell: a ✓ alone (its message on hover), so that the row's ✗ — marked, tinted, with its message written out —
    /// stand out; "not reached" greyed, with why. <paramref name="why"/>: false where the message has a column of its own.
    /// </summary>
    public static string CheckCell(GradedCheck? check, bool why = true) => check switch
    {
        null => "<td class=\"missing\">—</td>",
        { Status: CheckStatus.Passed } => $"<td class=\"check ok\" title=\"{Escape(check.Message)}\">✓</td>",
        { Status: CheckStatus.Failed } => $"<td class=\"check fail\">✗{(why ? $"<span class=\"why\">{Escape(check.Message)}</span>" : "")}</td>",
        _ => $"<td class=\"check notrun\" title=\"{Escape(check.Message)}\">not reached{(why ? $"<small>{Escape(check.Message)}</small>" : "")}</td>",
    };

    /// <summary>"3 / 4".</summary>
    public static string OutOf(double points, double max) => $"{NotebookPoints.Format(points)} / {NotebookPoints.Format(max)}";

    /// <summary>A student's answer as they wrote it, as text: their markdown could hold HTML, which the teacher's page must not run.
    /// <paramref name="comment"/>: the teacher's, shown under it.</summary>
    public static string Answer(WrittenAnswer answer, string? comment = null)
    {
        var after = comment is { Length: > 0 } ? $"<small>Comment: {Escape(comment)}</small>" : "";
        return answer.State switch
        {
            AnswerState.Answered => $"<td><div class=\"answer\">{Escape(Paragraphs(answer.Text))}</div>{after}</td>",
            AnswerState.Unanswered => $"<td class=\"missing\">not answered{after}</td>",
            _ => $"<td class=\"missing\">no answer: the question's markers are gone from the notebook{after}</td>",
        };
    }

    // Markdown's reading of line breaks: one is a space, a blank line starts a paragraph.
    private static string Paragraphs(string text) =>
        string.Join("\n\n", text.Split("\n\n").Select(p => string.Join(' ', p.Split('\n').Select(l => l.Trim())).Trim()).Where(p => p.Length > 0));

    public static string Ended(SubmissionGrade grade) => SubmissionEnds.Describe(grade.End, grade.Refusal);
}
