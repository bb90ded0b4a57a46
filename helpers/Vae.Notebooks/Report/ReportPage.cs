using System.Text;
using Vae.Notebooks.Running;

using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Report;

/// <summary>The HTML page of one notebook run: markdown, code, outputs, errors, timings.</summary>
internal static class ReportPage
{
    public static string Render(NotebookResult result)
    {
        var body = new StringBuilder();
        foreach (var cell in result.Cells)
        {
            if (cell.Cell.IsMarkdown)
            {
                body.Append($"<section class=\"markdown\" id=\"cell-{cell.Number}\">\n")
                    .Append(MarkdownRenderer.ToHtml(cell.Cell.Contents))
                    .Append("</section>\n");
            }
            else
            {
                AppendCodeCell(body, cell);
            }
        }

        var title = HtmlFormat.Escape(Title(result));
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <link rel="stylesheet" href="{FrontEndAssets.KatexLink}/katex.min.css">
            <style>
            {ReportResources.Css.Value}
            </style>
            <script src="{FrontEndAssets.PlotlyLink}"></script>
            </head>
            <body>
            {Header(result)}
            <main>
            {body}
            </main>
            <script src="{FrontEndAssets.KatexLink}/katex.min.js"></script>
            <script>
            {ReportResources.MathScript.Value}
            </script>
            </body>
            </html>

            """;
    }

    /// <summary>The notebook's first heading, else its file name.</summary>
    public static string Title(NotebookResult result)
    {
        var heading = result.Cells
            .Where(c => c.Cell.IsMarkdown)
            .SelectMany(c => c.Cell.Contents.Split('\n'))
            .FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal));
        return heading is null ? result.Name : heading[2..].Trim();
    }

    private static bool StartsWithTitle(NotebookResult result) =>
        result.Cells.Count > 0 && result.Cells[0].Cell.IsMarkdown && result.Cells[0].Cell.Contents.StartsWith("# ", StringComparison.Ordinal);

    private static string Header(NotebookResult result)
    {
        var status = result.Succeeded
            ? "<span class=\"badge ok\">passed</span>"
            : "<span class=\"badge fail\">failed</span>";
        var facts = new List<string>
        {
            status,
            $"<span>{HtmlFormat.Escape(result.FileName)}</span>",
            $"<span>{result.Cells.Count(c => c.CodeNumber is not null)} code cells</span>",
            $"<span>{HtmlFormat.Duration(result.Duration)}</span>",
            $"<span>{result.FigureCount} figures</span>",
            $"<span>{result.StartedAt:yyyy-MM-dd HH:mm}</span>",
        };
        if (result.ReadError is null)
        {
            // The run notebook beside the page (ReportWriter writes it): the same cells and outputs, for Jupyter or VS Code.
            facts.Add($"<a href=\"{Uri.EscapeDataString(result.ReportName)}.ipynb\" download>{HtmlFormat.Escape(result.ReportName)}.ipynb</a>");
        }
        facts.AddRange(result.Settings.Select(s => $"<code>{HtmlFormat.Escape(s.Key)}={HtmlFormat.Escape(s.Value)}</code>"));
        var banner = result.ReadError is { } problem
            ? $"<div class=\"failure-banner\">Not run: the file could not be read as a notebook. {HtmlFormat.Escape(problem)}</div>"
            : result.FailedCell is { } failed && result.Cells.Any(c => c.Number > failed.Number && c.Status is CellStatus.Succeeded or CellStatus.Failed && c.CodeNumber is not null)
            // A graded notebook goes on past a failed cell.
            ? $"<div class=\"failure-banner\">{result.Cells.Count(c => c.Status == CellStatus.Failed)} cells failed, the first " +
              $"<a href=\"#cell-{failed.Number}\">{HtmlFormat.Escape(failed.Label)}</a>: {HtmlFormat.Escape(failed.Error?.Title ?? "")}.</div>"
            : result.FailedCell is { } first
            ? $"<div class=\"failure-banner\">Stopped at <a href=\"#cell-{first.Number}\">{HtmlFormat.Escape(first.Label)}</a>: " +
              $"{HtmlFormat.Escape(first.Error?.Title ?? "")}. The code cells after it were not run.</div>"
            : "";
        // The notebook's own "# Title" cell follows at once: a second h1 above it would only repeat it.
        var heading = StartsWithTitle(result) ? "" : $"<h1>{HtmlFormat.Escape(result.Name)}</h1>";
        return $"""
            <header class="page">
            <nav><a href="index.html">← all notebooks</a></nav>
            {heading}
            <div class="facts">{string.Join(" ", facts)}</div>
            {banner}
            </header>
            """;
    }

    private static void AppendCodeCell(StringBuilder html, CellResult cell)
    {
        var (cssClass, state) = cell.Status switch
        {
            CellStatus.Failed => ("failed", "failed"),
            CellStatus.NotRun => ("notrun", "not run"),
            CellStatus.Skipped => ("skipped", "skipped"),
            _ => ("ok", HtmlFormat.Duration(cell.Duration)),
        };
        html.Append($"<section class=\"code {cssClass}\" id=\"cell-{cell.Number}\">\n")
            .Append($"<div class=\"cell-head\"><span>{HtmlFormat.Escape(Capitalized(cell.Label))} · {HtmlFormat.Escape(cell.Cell.Kernel)}</span>")
            .Append($"<span class=\"state\">{state}{(cell.Status == CellStatus.Failed ? " after " + HtmlFormat.Duration(cell.Duration) : "")}</span></div>\n")
            .Append($"<pre class=\"source\"><code>{(cell.Cell.IsCSharp ? CodeHighlighter.ToHtml(cell.Cell.Contents) : HtmlFormat.Escape(cell.Cell.Contents))}</code></pre>\n")
            .Append("<div class=\"outputs\">");
        foreach (var output in cell.Outputs)
        {
            html.Append(Output(output));
        }
        if (cell.Error is { } error)
        {
            html.Append("<div class=\"error\">")
                .Append($"<div class=\"title\">{HtmlFormat.Escape(error.Title)}</div>")
                .Append($"<div class=\"message\">{HtmlFormat.Escape(error.Message)}</div>");
            if (error.Details.Length > 0 && error.Details != error.Message)
            {
                html.Append($"<pre>{HtmlFormat.Escape(error.Details)}</pre>");
            }
            html.Append("</div>");
        }
        html.Append("</div>\n</section>\n");
    }

    private static string Output(CellOutput output)
    {
        var kind = output.Kind switch
        {
            CellOutputKind.StandardOutput => "stdout",
            CellOutputKind.StandardError => "stderr",
            CellOutputKind.Warning => "warning",
            CellOutputKind.ReturnValue => "value",
            _ => "display",
        };
        if (output.IsHtml)
        {
            return $"<div class=\"output html {kind}\">{FigureCopies.Strip(output.Content)}</div>\n";
        }
        var text = output.Kind is CellOutputKind.StandardOutput or CellOutputKind.StandardError
            ? HtmlFormat.TerminalText(output.Content)
            : output.Content;
        return output.Kind == CellOutputKind.Warning
            ? $"<div class=\"output warning\">{HtmlFormat.Escape(text)}</div>\n"
            : $"<div class=\"output text {kind}\"><pre>{HtmlFormat.Escape(text.TrimEnd('\n'))}</pre></div>\n";
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
