using System.Globalization;
using System.Text.RegularExpressions;
using Vae.Notebooks.Running;
using Vae.Drawing.Html;

using Vae.Notebooks.Documents;

namespace Vae.Tests.Workbook;

/// <summary>
/// The product itself: the lecture notebooks run headless with quick settings, and their report in a browser. The
/// notebooks run once (<see cref="QuickRuns.Workbook"/>); each test checks one thing of that run.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed partial class WorkbookTests(QuickRuns runs)
{
    // Plotly trace types of each figure output, in order, per notebook (the Jupyter tests expect the same).
    internal static readonly Dictionary<string, string[]> ExpectedFigures = new()
    {
        ["01-implementation"] = ["scatter"],                              // training curves (line traces)
        ["02-encoding"] = ["scatter", "image", "scatter"],                // μ scatter, decoded centroids, β = 0 scatter
        ["03-decoding"] = ["image", "image", "image"],                    // one pair, a strip, the worst reconstructions
        ["04-latent-space"] = ["image", "image", "image", "image", "image"], // two manifolds, samples, β = 0 manifold and samples
        // MLP vs conv reconstructions and samples, AE and VAE prior samples, code statistics, softplus vs log-variance curves
        ["05-architectures-and-priors"] = ["image", "image", "image", "image", "scatter", "scatter"],
        // μ scatter and manifold for β = 0, 1, 4; traversals for β = 1 and 4; KL per coordinate; two interpolations
        ["06-disentanglement"] = ["scatter", "image", "scatter", "image", "scatter", "image", "image", "image", "scatter", "image", "image"],
        ["07-applications"] = ["image", "scatter", "scatter", "scatter"],    // denoising, score distributions, ROC, log p(x) vs k
    };

    [GeneratedRegex("\"type\":\"(\\w+)\"")]
    internal static partial Regex TraceType();

    private static string[] TraceKinds(IEnumerable<string> figureHtml) => figureHtml.Select(f => TraceType().Match(f).Groups[1].Value).ToArray();

    [Fact]
    public void TheWorkbookHasTheSevenLectureNotebooks() =>
        Assert.Equal(ExpectedFigures.Keys, WorkbookRun.Notebooks.Select(Path.GetFileNameWithoutExtension));

    [Fact]
    public async Task EveryNotebook_RunsHeadlessToTheEnd()
    {
        var run = await runs.Workbook;
        Assert.Equal(ExpectedFigures.Keys, run.Results.Select(r => r.Name));
        Assert.All(run.Results, r => Assert.True(r.Succeeded, r.FailureSummary));
    }

    [Fact]
    public async Task EveryNotebook_ShowsItsFiguresInOrder()
    {
        foreach (var result in (await runs.Workbook).Results)
            Assert.Equal(ExpectedFigures[result.Name], TraceKinds(result.Cells.SelectMany(c => c.Outputs).Where(o => o.IsFigure).Select(f => f.Content)));
    }

    /// <summary>The teacher edition passes every check of the student edition in the kernel, each leaving its machine-readable result.</summary>
    [Fact]
    public async Task TheTeacherEdition_PassesEveryCheck()
    {
        foreach (var result in (await runs.Workbook).Results)
            StudentEditionTests.AssertEveryCheckPassed(result.Name,
                result.Cells.SelectMany(c => c.Outputs).Select(o => o.ValueFor(Vae.Checks.CheckResult.MimeType)).OfType<string>());
    }

    /// <summary>
    /// Notebook 1 checks its compute_elbo by hand (plain C# over the pixels), then its own VAE class against the helper's
    /// MlpVae on the same weights, batch and ε: reconstruction, KL and their sum must agree to float rounding.
    /// </summary>
    [Fact]
    public async Task Notebook1_ItsElbo_AgreesByHandAndWithTheHelpers()
    {
        var outputs = (await runs.Workbook).Results[0].Cells.SelectMany(c => c.Outputs).Select(o => o.Content).ToList();
        foreach (var marker in new[] { "by hand:", "same weights:" })
        {
            var numbers = Regex.Matches(outputs.Single(c => c.Contains(marker)), @"\d+\.\d+").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(6, numbers.Count);
            for (var i = 0; i < 3; i++) Assert.True(Math.Abs(numbers[i] - numbers[i + 3]) <= 2e-3, $"{marker} {string.Join(", ", numbers)}");
            Assert.True(numbers[0] > 50, $"{marker} a reconstruction term of {numbers[0]} nats is not a real one");
        }
    }

    [Fact]
    public async Task EveryReportPage_DrawsItsFiguresAndMath_WithoutErrors()
    {
        var pages = (await runs.Workbook).Pages;
        Assert.Equal(ExpectedFigures.Count + 1, pages.Count);   // the notebooks and the index
        foreach (var page in pages)
            Assert.True(page.Errors.Count == 0 && page.UndrawnFigures.Count == 0 && page.RenderedMath == page.MathElements, page.ToString());
        Assert.Equal(ExpectedFigures.Values.Sum(f => f.Length), pages.Sum(p => p.Figures));
    }

    /// <summary>The pages above drew with the one plotly.js in assets/: none carries it, nor a figure's own copy of it.</summary>
    [Fact]
    public async Task TheReport_ShipsPlotlyJsOnce_InItsAssets()
    {
        var run = await runs.Workbook;
        var plotly = File.ReadAllBytes(Vae.Drawing.Html.PlotlyJs.Locate());
        Assert.Equal(plotly, File.ReadAllBytes(Path.Combine(run.ReportFolder, "assets", "plotly.min.js")));
        var pageBytes = run.Pages.Sum(p => new FileInfo(p.Page).Length);
        foreach (var result in run.Results)
        {
            var html = File.ReadAllText(Path.Combine(run.ReportFolder, result.Name + ".html"));
            Assert.Contains("<script src=\"assets/plotly.min.js\"></script>", html);
            Assert.DoesNotContain(Vae.Drawing.Html.PlotlyJs.PayloadScriptType, html);
        }
        // Without plotly.js the pages hold the notebooks' text, figure data and the explorers' decoders: less than one copy each.
        Assert.True(pageBytes < run.Pages.Count * (long)plotly.Length, $"the pages take {pageBytes:N0} bytes");
    }

    /// <summary>Valid nbformat 4 by nbformat's own validator.</summary>
    [Fact]
    public async Task TheRunNotebooks_AreValidNbformat()
    {
        var run = await runs.Workbook;
        Assert.Equal("", Python.Validate([.. run.Results.Select(r => RunNotebook(run, r))]));
    }

    /// <summary>Each code cell of the run notebook (issue 17) with the outputs the runner collected and its execution count.</summary>
    [Fact]
    public async Task TheRunNotebooks_HoldEveryCodeCellWithItsOutputs()
    {
        var run = await runs.Workbook;
        foreach (var result in run.Results)
        {
            var notebook = SavedNotebook.Read(RunNotebook(run, result));
            var code = result.Cells.Where(c => !c.Cell.IsMarkdown).ToList();
            Assert.Equal(code.Select(c => c.Cell.Contents), notebook.Cells.Select(c => c.Source));
            Assert.Equal(Enumerable.Range(1, code.Count).Select(i => (int?)i), notebook.Cells.Select(c => c.ExecutionCount));
            Assert.Equal(code.Select(c => c.Outputs.Count), notebook.Cells.Select(c => c.Outputs.Count));
            Assert.DoesNotContain(notebook.Outputs, o => o.Type == "error");
        }
    }

    /// <summary>
    /// Image figures carry a PNG that decodes, for viewers that run no scripts; charts are HTML only. The report pages
    /// show the interactive charts, not the PNGs.
    /// </summary>
    [Fact]
    public async Task TheRunNotebooks_ImageFiguresCarryAPng_ChartsOnlyHtml()
    {
        var run = await runs.Workbook;
        foreach (var result in run.Results)
        {
            var figures = SavedNotebook.Read(RunNotebook(run, result)).Outputs.Where(o => o.IsFigure).ToList();
            var kinds = TraceKinds(figures.Select(f => f.Html!));
            Assert.Equal(ExpectedFigures[result.Name], kinds);
            var page = File.ReadAllText(Path.Combine(run.ReportFolder, result.Name + ".html"));
            foreach (var (figure, kind) in figures.Zip(kinds))
            {
                if (kind != "image")
                {
                    Assert.Null(figure.Png);
                    continue;
                }
                var png = PngDecoder.Decode(Convert.FromBase64String(figure.Png!));
                Assert.True(png.Width >= 28 && png.Height >= 28 && png.Pixels.Any(p => p > 128), $"{result.Name}: {png.Width} × {png.Height}");
                Assert.DoesNotContain(figure.Png!, page);
            }
        }
    }

    /// <summary>A run notebook must draw alone, outside the report: its first chart keeps its copy of plotly.js, the others use it.</summary>
    [Fact]
    public async Task TheRunNotebooks_CarryOneCopyOfPlotlyJsEach()
    {
        var run = await runs.Workbook;
        foreach (var result in run.Results)
        {
            var notebook = SavedNotebook.Read(RunNotebook(run, result));
            Assert.Equal(ExpectedFigures[result.Name].Length > 0 ? 1 : 0,
                notebook.Outputs.Count(o => o.Html?.Contains(Vae.Drawing.Html.PlotlyJs.PayloadScriptType) == true));
        }
    }

    /// <summary>
    /// Notebook 6's charts as the kernel sent them, the first taken away, alone in a page (as VS Code's webview holds them
    /// after that output was cleared): each carries plotly.js, so all the others still draw.
    /// </summary>
    [Fact]
    public async Task Notebook6Charts_DrawWithoutTheFirst()
    {
        var run = await runs.Workbook;
        var charts = run.Results[5].Cells.SelectMany(c => c.Outputs).Where(o => o.IsFigure).Skip(1).ToList();
        await using var browser = await ReportBrowser.LaunchAsync();
        var bare = await browser.CheckPageAsync(BareOutputsPage.Write(Path.Combine(run.Folder, "bare", "06-without-first.html"), charts),
            Path.Combine(ReportBrowser.ScreenshotFolder, "workbook", "06-without-first.png"));
        Assert.True(bare.Figures == charts.Count && bare.UndrawnFigures.Count == 0 && bare.Errors.Count == 0, bare.ToString());
    }

    private static string RunNotebook(WorkbookRun run, NotebookResult result) => Path.Combine(run.ReportFolder, result.Name + ".ipynb");
}
