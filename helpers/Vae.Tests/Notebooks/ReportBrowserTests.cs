using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

/// <summary>A generated report opened in a real browser: figures drawn, math typeset, no errors.</summary>
[Collection(NotebooksCollection.Name)]
public sealed class ReportBrowserTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    /// <summary>A div and a Plotly.newPlot call, as a figure's ToHtml() makes them when the page provides plotly.js.</summary>
    private static string PlotlyCell(string id, string trace) =>
        $"display(HTML(\"<div id='{id}' style='height:320px'></div><script>Plotly.newPlot('{id}', [{trace}], {{margin: {{t: 20}}}});</script>\"));";

    [Fact]
    public async Task EveryPageDrawsItsFiguresAndMathWithoutErrors()
    {
        var figures = notebooks.Write("figures.dib",
            "md:# Figures\n\nThe reparameterization $z = \\mu + \\sigma \\odot \\epsilon$, and the KL term\n\n$$\n\\mathrm{KL} = \\tfrac12 \\sum_j (\\mu_j^2 + \\sigma_j^2 - \\log \\sigma_j^2 - 1)\n$$",
            PlotlyCell("loss", "{y: [150, 146, 144, 143], type: 'scatter', name: '-ELBO'}"),
            "md:A scatter and a heatmap, the second from an object with `ToHtml()`:",
            PlotlyCell("latent", "{x: [-1, 0, 1, 0.5], y: [0.2, -0.4, 0.9, 0], mode: 'markers', type: 'scatter'}") + "\n" +
            "class Heatmap { public string ToHtml() => \"<div id='grid' style='height:300px'></div><script>Plotly.newPlot('grid', [{z: [[0,1],[1,0]], type: 'heatmap'}]);</script>\"; }\n" +
            "new Heatmap()");
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
    }

    private static Task<NotebookResult> Run(string path) =>
        NotebookRunner.RunAsync(path, new NotebookRunOptions { Progress = TextWriter.Null });
}
