using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Vae.Notebooks.Report;

/// <summary>
/// Markdown cells to HTML with Markdig's advanced extensions (tables, footnotes, ...) and math: <c>$…$</c> and
/// <c>$$…$$</c> become <c>.math</c> elements holding the TeX, which KaTeX typesets in the page (report.js).
/// </summary>
internal static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseMathematics()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        // "$$…$$" within a line is display math in VS Code; Markdig renders it like "$…$", so mark it.
        foreach (var math in document.Descendants<MathInline>().Where(m => m.DelimiterCount == 2))
        {
            math.GetAttributes().AddClass("display");
        }
        return document.ToHtml(Pipeline);
    }
}
