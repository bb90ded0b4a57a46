using System.Globalization;
using System.Text.RegularExpressions;
using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

/// <summary>The product itself: the lecture notebooks run headless with quick settings, and their report in a browser.</summary>
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

    [Fact]
    public async Task LectureNotebooks_RunHeadless_WithTheirFiguresAndADrawnReport()
    {
        var folder = TestPaths.TempDirectory("workbook");
        var options = new NotebookRunOptions
        {
            Epochs = 1, Subset = 2000, Device = "cpu", RunsDirectory = runs.Folder, Progress = TextWriter.Null,
        };
        var notebooks = Directory.GetFiles(Path.Combine(TestPaths.Root, "notebooks"), "*.dib").Order().ToList();
        Assert.Equal(ExpectedFigures.Keys, notebooks.Select(Path.GetFileNameWithoutExtension));
        var results = new List<NotebookResult>();
        foreach (var notebook in notebooks) results.Add(await NotebookRunner.RunAsync(notebook, options));

        foreach (var result in results)
        {
            Assert.True(result.Succeeded, result.FailureSummary);
            var figures = result.Cells.SelectMany(c => c.Outputs).Where(o => o.IsFigure).ToList();
            var kinds = figures.Select(f => TraceType().Match(f.Content).Groups[1].Value).ToArray();
            Assert.Equal(ExpectedFigures[result.Name], kinds);
        }

        // Notebook 1 checks its compute_elbo by hand (plain C# over the pixels), then its own VAE class against the helper's
        // MlpVae on the same weights, batch and ε: reconstruction, KL and their sum must agree to float rounding.
        var outputs = results[0].Cells.SelectMany(c => c.Outputs).Select(o => o.Content).ToList();
        foreach (var marker in new[] { "by hand:", "same weights:" })
        {
            var numbers = Regex.Matches(outputs.Single(c => c.Contains(marker)), @"\d+\.\d+").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(6, numbers.Count);
            for (var i = 0; i < 3; i++) Assert.True(Math.Abs(numbers[i] - numbers[i + 3]) <= 2e-3, $"{marker} {string.Join(", ", numbers)}");
            Assert.True(numbers[0] > 50, $"{marker} a reconstruction term of {numbers[0]} nats is not a real one");
        }

        var report = Path.Combine(folder, "report");
        ReportWriter.Write(results, report);
        await using var browser = await ReportBrowser.LaunchAsync();
        var pages = await browser.CheckReportAsync(report, "workbook");
        Assert.Equal(ExpectedFigures.Count + 1, pages.Count);   // the notebooks and the index
        foreach (var page in pages)
            Assert.True(page.Errors.Count == 0 && page.UndrawnFigures.Count == 0 && page.RenderedMath == page.MathElements, page.ToString());
        Assert.Equal(ExpectedFigures.Values.Sum(f => f.Length), pages.Sum(p => p.Figures));

        // The run notebooks beside the pages (issue 17): valid nbformat 4 by nbformat's own validator; each code cell with
        // the outputs the runner collected and its execution count; image figures with a PNG that decodes, charts as
        // HTML only; one copy of plotly.js per notebook. The report pages show the interactive charts, not the PNGs.
        var ipynbs = results.Select(r => Path.Combine(report, r.Name + ".ipynb")).ToList();
        Assert.Equal("", Jupyter.Python.Validate([.. ipynbs]));
        foreach (var (result, path) in results.Zip(ipynbs))
        {
            var notebook = Jupyter.ExecutedNotebook.Read(path);
            var code = result.Cells.Where(c => !c.Cell.IsMarkdown).ToList();
            Assert.Equal(code.Select(c => c.Cell.Source), notebook.Cells.Select(c => c.Source));
            Assert.Equal(Enumerable.Range(1, code.Count).Select(i => (int?)i), notebook.Cells.Select(c => c.ExecutionCount));
            Assert.Equal(code.Select(c => c.Outputs.Count), notebook.Cells.Select(c => c.Outputs.Count));
            Assert.DoesNotContain(notebook.Outputs, o => o.Type == "error");
            var figures = notebook.Outputs.Where(o => o.IsFigure).ToList();
            var kinds = figures.Select(f => TraceType().Match(f.Html!).Groups[1].Value).ToArray();
            Assert.Equal(ExpectedFigures[result.Name], kinds);
            var page = File.ReadAllText(Path.Combine(report, result.Name + ".html"));
            foreach (var (figure, kind) in figures.Zip(kinds))
            {
                if (kind != "image")
                {
                    Assert.Null(figure.Png);
                    continue;
                }
                var png = Figures.PngDecoder.Decode(Convert.FromBase64String(figure.Png!));
                Assert.True(png.Width >= 28 && png.Height >= 28 && png.Pixels.Any(p => p > 128), $"{result.Name}: {png.Width} × {png.Height}");
                Assert.DoesNotContain(figure.Png!, page);
            }
            Assert.Equal(kinds.Length > 0 ? 1 : 0, notebook.Outputs.Count(o => o.Html?.Contains(Vae.Internal.PlotlyPayload.ScriptType) == true));
        }

        // Notebook 6's charts as the kernel sent them, the first taken away, alone in a page (as VS Code's webview
        // holds them after that output was cleared): each carries plotly.js, so all the others still draw.
        var charts = results[5].Cells.SelectMany(c => c.Outputs).Where(o => o.IsFigure).Skip(1).ToList();
        var bare = await browser.CheckPageAsync(BareOutputsPage.Write(Path.Combine(folder, "bare", "06-without-first.html"), charts),
            Path.Combine(ReportBrowser.ScreenshotFolder, "workbook", "06-without-first.png"));
        Assert.True(bare.Figures == charts.Count && bare.UndrawnFigures.Count == 0 && bare.Errors.Count == 0, bare.ToString());
    }
}
