using System.Text.RegularExpressions;
using Vae.Figures;
using Vae.Drawing.Html;

namespace Vae.Notebooks.Running;

/// <summary>
/// Every figure the kernel shows carries its own compressed copy of plotly.js, so that it draws alone in VS Code.
/// A report page loads plotly.js in its head from the report's assets/ folder, so the copies (about 2 MB each) are
/// dropped there. The figure's loader sees window.Plotly and does nothing.
/// </summary>
internal static partial class FigureCopies
{
    public static string Strip(string html) =>
        html.Contains(PlotlyJs.PayloadScriptType, StringComparison.Ordinal) ? Copy().Replace(html, "") : html;

    [GeneratedRegex("<script type=\"" + PlotlyJs.PayloadScriptType + "\"[^>]*>[^<]*</script>\\s*")]
    private static partial Regex Copy();
}
