using Vae.Notebooks.Running;
using Vae.Drawing.Html;
using Vae.Notebooks.Report;

namespace Vae.Tests.Notebooks.Report;

/// <summary>A generated report, and the kernel's own chart outputs, opened in a real browser: figures drawn, math typeset, no errors.</summary>
[Collection(NotebooksCollection.Name)]
public sealed class ReportBrowserTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    /// <summary>A div and a Plotly.newPlot call in raw HTML: a chart that relies on the page for plotly.js.</summary>
    private static string PlotlyCell(string id, string trace) =>
        $"display(HTML(\"<div id='{id}' style='height:320px'></div><script>Plotly.newPlot('{id}', [{trace}], {{margin: {{t: 20}}}});</script>\"));";

    private string HelperReference => $"#r \"{Path.GetRelativePath(notebooks.Folder, BuildOutput.Binary("Vae", "Vae.dll"))}\"\nusing Vae.Drawing;";

    [Fact]
    public async Task EveryPageDrawsItsFiguresAndMathWithoutErrors()
    {
        var figures = notebooks.Write("figures.dib",
            "md:# Figures\n\nThe reparameterization $z = \\mu + \\sigma \\odot \\epsilon$, and the KL term\n\n$$\n\\mathrm{KL} = \\tfrac12 \\sum_j (\\mu_j^2 + \\sigma_j^2 - \\log \\sigma_j^2 - 1)\n$$",
            PlotlyCell("loss", "{y: [150, 146, 144, 143], type: 'scatter', name: '-ELBO'}"),
            "md:A scatter from raw HTML and a figure of the helper assembly:",
            HelperReference + "\n" + PlotlyCell("latent", "{x: [-1, 0, 1, 0.5], y: [0.2, -0.4, 0.9, 0], mode: 'markers', type: 'scatter'}") + "\n" +
            "Plot.Lines(\"loss\", \"epoch\", \"nats\", [new Series(\"train\", [1, 2, 3], [160, 150, 145])])");
        var plain = notebooks.Write("plain.dib", "md:# No figures", "Console.WriteLine(\"just text\");");
        var broken = notebooks.Write("broken.dib", "md:# Broken", "var x = 1;\nx.Explode();", "md:Never reached:", "x");
        var report = Path.Combine(notebooks.Folder, "report");
        var results = new[] { await Run(figures), await Run(plain), await Run(broken) };
        Assert.Equal([true, true, false], results.Select(r => r.Succeeded));
        Assert.Equal(3, results[0].FigureCount);
        ReportWriter.Write(results, report);

        await using var browser = await ReportBrowser.LaunchAsync();
        var checks = await browser.CheckReportAsync(report, "report-browser-test");

        Assert.Equal(["broken.html", "figures.html", "index.html", "plain.html"], checks.Select(c => Path.GetFileName(c.Page)));
        foreach (var check in checks)
        {
            Assert.True(check.Errors.Count == 0 && check.UndrawnFigures.Count == 0, check.ToString());
            Assert.True(File.Exists(check.Screenshot) && new FileInfo(check.Screenshot).Length > 10_000, check.ToString());
        }
        var figurePage = checks[1];
        Assert.True(figurePage.Figures == 3, figurePage.ToString());
        Assert.True(figurePage.MathElements == 2 && figurePage.RenderedMath == 2, figurePage.ToString());
        // The charts above drew with plotly.js from the report's assets/ folder, the one copy every page links; the pages
        // carry neither plotly.js nor the figures' own copies of it.
        Assert.Equal(File.ReadAllBytes(Vae.Drawing.Html.PlotlyJs.Locate()), File.ReadAllBytes(Path.Combine(report, "assets", "plotly.min.js")));
        foreach (var check in checks)
        {
            var html = File.ReadAllText(check.Page);
            Assert.DoesNotContain(Vae.Drawing.Html.PlotlyJs.PayloadScriptType, html);
            Assert.True(html.Length < 100_000, $"{check.Page} is {html.Length:N0} characters: plotly.js is inlined again");
        }
    }

    [Fact]
    public async Task EachChartOutputDrawsOnItsOwnWhenTheFirstIsGone()
    {
        var path = notebooks.Write("charts.dib",
            HelperReference,
            "Plot.Lines(\"first\", \"x\", \"y\", [new Series(\"a\", [0, 1, 2], [0, 1, 4])])",
            "display(Plot.Lines(\"second\", \"x\", \"y\", [new Series(\"b\", [0, 1, 2], [4, 1, 0])]));\n" +
            "display(Plot.Lines(\"third\", \"x\", \"y\", [new Series(\"c\", [0, 1, 2], [1, 1, 1])]));",
            "Plot.Lines(\"fourth\", \"x\", \"y\", [new Series(\"d\", [0, 1], [2, 3])])");
        var result = await Run(path);
        Assert.True(result.Succeeded, result.FailureSummary);
        var charts = result.Cells.SelectMany(c => c.Outputs).Where(o => o.IsFigure).ToList();
        Assert.Equal(4, charts.Count);

        // As VS Code's webview holds them after the first chart's cell was cleared or re-run: no plotly.js anywhere else.
        var folder = Path.Combine(notebooks.Folder, "pages");
        await using var browser = await ReportBrowser.LaunchAsync();
        var bare = await browser.CheckPageAsync(BareOutputsPage.Write(Path.Combine(folder, "without-first.html"), charts.Skip(1)),
            Path.Combine(ReportBrowser.ScreenshotFolder, "first-chart-removed", "without-first.png"));
        Assert.True(bare.Figures == 3 && bare.UndrawnFigures.Count == 0 && bare.Errors.Count == 0, bare.ToString());
        var last = await browser.CheckPageAsync(BareOutputsPage.Write(Path.Combine(folder, "last-only.html"), charts.TakeLast(1)),
            Path.Combine(ReportBrowser.ScreenshotFolder, "first-chart-removed", "last-only.png"));
        Assert.True(last.Figures == 1 && last.UndrawnFigures.Count == 0 && last.Errors.Count == 0, last.ToString());

        // The report page of the same notebook with the first chart's output taken out draws the rest too.
        var report = Path.Combine(notebooks.Folder, "report");
        ReportWriter.Write([result], report);
        var page = Path.Combine(report, "charts.html");
        var html = File.ReadAllText(page);
        var first = html.IndexOf("<div class=\"output html value\">", StringComparison.Ordinal);
        var end = html.IndexOf("</section>", first, StringComparison.Ordinal);
        File.WriteAllText(page, html[..first] + "</div>\n" + html[end..]);
        var reportCheck = await browser.CheckPageAsync(page, Path.Combine(ReportBrowser.ScreenshotFolder, "first-chart-removed", "report.png"));
        Assert.True(reportCheck.Figures == 3 && reportCheck.UndrawnFigures.Count == 0 && reportCheck.Errors.Count == 0, reportCheck.ToString());
    }

    private static Task<NotebookResult> Run(string path) =>
        NotebookRunner.RunAsync(path, new NotebookRunOptions { Progress = TextWriter.Null });
}
