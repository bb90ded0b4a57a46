using System.Text.Json;
using Microsoft.Playwright;
using Vae.Drawing;
using Vae.Drawing.Explorer;

namespace Vae.Tests.Drawing;

/// <summary>
/// Charts in the editor's colours (issue 17): a figure's HTML as the kernel sends it, in a page that sets VS Code's (or
/// JupyterLab's) theme variables as those front ends do, opened in Debian's chromium. Read back from what Plotly drew.
/// </summary>
public sealed class ThemeBrowserTests : IAsyncLifetime
{
    // VS Code's "Dark Modern" editor colours, and JupyterLab's dark theme's.
    private const string VsCodeDark = "--vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc";
    private const string JupyterLabDark = "--jp-layout-color0: #111111; --jp-content-font-color1: rgba(255, 255, 255, 1)";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }

    /// <summary>What Plotly drew: the paper, the plot area's colour, a tick label, the title, a grid line; colours as rgb().</summary>
    private sealed record Drawn(string Paper, string Plot, string Tick, string Title, string Grid, IReadOnlyList<string> Errors);

    private async Task<Drawn> DrawAsync(string name, string rootStyle, string html, Func<IPage, Task>? then = null)
    {
        var path = Path.Combine(TestPaths.TempDirectory("theme"), name + ".html");
        // As a notebook front end holds an output: the theme variables on the root element, the output's HTML in the body.
        File.WriteAllText(path, $"<!DOCTYPE html>\n<html style=\"{rootStyle}\"><head><meta charset=\"utf-8\"></head><body>\n{html}\n</body></html>\n");
        await using var context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 700 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.WaitForFunctionAsync("() => !!document.querySelector('.vae-figure .main-svg .xtick text')", null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        if (then is not null) await then(page);
        Directory.CreateDirectory(Path.Combine(ReportBrowser.ScreenshotFolder, "theme"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ReportBrowser.ScreenshotFolder, "theme", name + ".png") });
        var drawn = await page.EvaluateAsync<JsonElement>("""
            () => {
              const fill = e => e ? getComputedStyle(e).fill : "";
              const stroke = e => e ? getComputedStyle(e).stroke : "";
              const root = document.querySelector('.vae-figure');
              return {
                // Plotly paints the paper as the first SVG's background, the plot area from plot_bgcolor.
                paper: getComputedStyle(root.querySelector('.main-svg')).backgroundColor,
                plot: String(root._fullLayout.plot_bgcolor),
                tick: fill(root.querySelector('.xtick text')),
                title: fill(root.querySelector('.gtitle')),
                grid: stroke(root.querySelector('.gridlayer path, .gridlayer .xgrid')),
              };
            }
            """);
        return new Drawn(drawn.GetProperty("paper").GetString()!, drawn.GetProperty("plot").GetString()!, drawn.GetProperty("tick").GetString()!,
            drawn.GetProperty("title").GetString()!, drawn.GetProperty("grid").GetString()!, errors);
    }

    private static Figure Chart() => Plot.Lines("loss per epoch", "epoch", "−ELBO",
        [new Series("train", [1, 2, 3, 4], [180, 160, 150, 145]), new Series("test", [1, 2, 3, 4], [175, 158, 151, 147])]);

    private static double Luminance(string rgb)
    {
        var parts = rgb.Trim("rgba() ".ToCharArray()).Split(',').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2];
    }

    [Fact]
    public async Task InVsCodesDarkTheme_AChartDrawsOnTheEditorBackgroundWithItsText()
    {
        var drawn = await DrawAsync("vscode-dark", VsCodeDark, Chart().ToHtml());

        Assert.Empty(drawn.Errors);
        Assert.Equal("rgb(31, 31, 31)", drawn.Paper);
        Assert.Equal("rgb(31, 31, 31)", drawn.Plot);
        Assert.Equal("rgb(204, 204, 204)", drawn.Tick);
        Assert.Equal("rgb(204, 204, 204)", drawn.Title);
        // Grid lines between the two: visible on the dark background, fainter than the text.
        var (background, grid, text) = (Luminance(drawn.Paper), Luminance(drawn.Grid), Luminance(drawn.Tick));
        Assert.True(grid > background + 10 && grid < text - 50, $"grid {drawn.Grid} between {drawn.Paper} and {drawn.Tick}");
    }

    /// <summary>Switching VS Code's theme changes the variables on the root element; a drawn chart follows.</summary>
    [Fact]
    public async Task WhenTheThemeChanges_ADrawnChartFollows()
    {
        var drawn = await DrawAsync("switched", "", Chart().ToHtml(), async page =>
        {
            await page.EvaluateAsync($"() => document.documentElement.setAttribute('style', '{VsCodeDark}')");
            await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.vae-figure .main-svg')).backgroundColor === 'rgb(31, 31, 31)'",
                null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        });

        Assert.Empty(drawn.Errors);
        Assert.Equal(("rgb(31, 31, 31)", "rgb(204, 204, 204)"), (drawn.Paper, drawn.Tick));
    }

    [Fact]
    public async Task InJupyterLabsDarkTheme_TheSame()
    {
        var drawn = await DrawAsync("jupyterlab-dark", JupyterLabDark, Chart().ToHtml());

        Assert.Empty(drawn.Errors);
        Assert.Equal(("rgb(17, 17, 17)", "rgb(255, 255, 255)"), (drawn.Paper, drawn.Tick));
    }

    [Fact]
    public async Task WithoutThemeVariables_AChartStaysLight_AsInTheReport()
    {
        var drawn = await DrawAsync("plain", "", Chart().ToHtml());

        Assert.Empty(drawn.Errors);
        Assert.Equal(("rgb(255, 255, 255)", "white"), (drawn.Paper, drawn.Plot));   // Style's own value, untouched
        Assert.Equal(("rgb(42, 63, 95)", "rgb(42, 63, 95)"), (drawn.Tick, drawn.Title));   // Style's #2a3f5f
        Assert.Equal("rgb(235, 240, 248)", drawn.Grid);                                     // Style's #ebf0f8
    }

    [Fact]
    public async Task TheLatentExplorerTakesTheThemeToo()
    {
        var explorer = new LatentExplorer([new(2, 784, new float[2 * 784], new float[784])], [0.5f, -0.5f], [3], [7], new float[784], ["0", "1", "2", "3"]);
        foreach (var (name, style, background, text) in new[]
                 {
                     ("explorer-vscode-dark", VsCodeDark, "rgb(31, 31, 31)", "rgb(204, 204, 204)"),
                     ("explorer-plain", "", "rgb(255, 255, 255)", "rgb(42, 63, 95)"),
                 })
        {
            var path = Path.Combine(TestPaths.TempDirectory("theme"), name + ".html");
            File.WriteAllText(path, $"<!DOCTYPE html>\n<html style=\"{style}\"><head><meta charset=\"utf-8\"></head><body>{explorer.ToHtml()}</body></html>");
            await using var context = await browser!.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            var colours = await page.EvaluateAsync<string[]>(
                "() => { const s = getComputedStyle(document.querySelector('.vae-explorer')); return [s.backgroundColor, s.color]; }");
            Assert.Equal([background, text], colours);
        }
    }
}
