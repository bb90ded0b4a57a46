using System.Text;
using Vae.Notebooks.Running;

namespace Vae.Notebooks.Report;

/// <summary>index.html: one row per notebook with its status, duration and number of figures.</summary>
internal static class ReportIndex
{
    public static string Render(IReadOnlyList<NotebookResult> results)
    {
        var rows = new StringBuilder();
        foreach (var result in results)
        {
            var page = Uri.EscapeDataString(result.ReportName) + ".html";
            var status = result.ReadError is not null
                ? $"<span class=\"badge fail\">failed</span><a class=\"detail\" href=\"{page}\">could not be read</a>"
                : result.FailedCell is { } failed
                ? $"<span class=\"badge fail\">failed</span><a class=\"detail\" href=\"{page}#cell-{failed.Number}\">" +
                  $"{HtmlFormat.Escape(failed.Label)}: {HtmlFormat.Escape(failed.Error?.Title ?? "")}</a>"
                : "<span class=\"badge ok\">passed</span>";
            rows.Append($"""
                <tr>
                <td><a href="{page}">{HtmlFormat.Escape(ReportPage.Title(result))}</a><br><small>{HtmlFormat.Escape(result.FileName)}</small></td>
                <td>{status}</td>
                <td class="number">{HtmlFormat.Duration(result.Duration)}</td>
                <td class="number">{result.FigureCount}</td>
                </tr>

                """);
        }

        var passed = results.Count(r => r.Succeeded);
        var duration = TimeSpan.FromTicks(results.Sum(r => r.Duration.Ticks));
        var settings = results.SelectMany(r => r.Settings).DistinctBy(s => s.Key)
            .Select(s => $"<code>{HtmlFormat.Escape(s.Key)}={HtmlFormat.Escape(s.Value)}</code>");
        return HtmlFormat.TablePage("VAE workbook — notebook report",
            $"<span>{passed} of {results.Count} notebooks passed</span><span>{HtmlFormat.Duration(duration)}</span>\n" +
            $"<span>{DateTimeOffset.Now:yyyy-MM-dd HH:mm}</span> {string.Join(" ", settings)}",
            "<th>Notebook</th><th>Status</th><th class=\"number\">Duration</th><th class=\"number\">Figures</th>", rows.ToString());
    }
}
