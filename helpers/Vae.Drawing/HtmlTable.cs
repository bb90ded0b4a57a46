using System.Net;
using System.Text;

namespace Vae.Drawing;

/// <summary>A small table of results (numbers already formatted), shown as HTML in notebooks and reports.</summary>
public sealed record HtmlTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption = null)
{
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"vae-table\" style=\"border-collapse:collapse;font:14px sans-serif\">");
        if (Caption is not null) html.Append($"<caption style=\"text-align:left;padding:4px 0\">{WebUtility.HtmlEncode(Caption)}</caption>");
        html.Append("<thead><tr>");
        foreach (var h in Header) html.Append($"<th style=\"border-bottom:2px solid #888;padding:3px 10px;text-align:right\">{WebUtility.HtmlEncode(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append($"<td style=\"border-bottom:1px solid #ddd;padding:3px 10px;text-align:right\">{WebUtility.HtmlEncode(cell)}</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public override string ToString() =>
        string.Join('\n', new[] { string.Join('\t', Header) }.Concat(Rows.Select(r => string.Join('\t', r))));
}
