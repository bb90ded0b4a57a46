using Microsoft.Playwright;

namespace Vae.Tests.Notebooks.Report;

/// <summary>What a real browser saw on one report page.</summary>
public sealed record PageCheck(
    string Page,
    int Figures,
    IReadOnlyList<string> UndrawnFigures,
    int MathElements,
    int RenderedMath,
    IReadOnlyList<string> Errors,
    string Screenshot)
{
    public override string ToString() =>
        $"{Path.GetFileName(Page)}: {Figures} figures ({UndrawnFigures.Count} not drawn: {string.Join(", ", UndrawnFigures)}), " +
        $"math {RenderedMath}/{MathElements}, errors: [{string.Join(" | ", Errors)}], screenshot {Screenshot}";
}

/// <summary>
/// Opens report pages in Debian's chromium through Playwright (file:// URLs, no network) and checks what a
/// student would see: every Plotly figure drawn, math typeset, no console or page errors, no failed loads.
/// Reusable: the real notebooks' report is checked the same way.
/// </summary>
public sealed class ReportBrowser : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private ReportBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>Where screenshots go: artifacts/test-screenshots/ (beside artifacts/bin, found from this assembly).</summary>
    public static string ScreenshotFolder => Path.Combine(BuildOutput.Artifacts, "test-screenshots");

    public static async Task<ReportBrowser> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (setup.sh does)");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's chromium, never a downloaded one: nothing can be fetched here.
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new ReportBrowser(playwright, browser);
    }

    /// <summary>Opens every .html page of a report folder; screenshots land in <see cref="ScreenshotFolder"/>/<paramref name="label"/>.</summary>
    public async Task<IReadOnlyList<PageCheck>> CheckReportAsync(string reportFolder, string label)
    {
        var checks = new List<PageCheck>();
        foreach (var page in Directory.GetFiles(reportFolder, "*.html").Order(StringComparer.Ordinal))
        {
            checks.Add(await CheckPageAsync(page, Path.Combine(ScreenshotFolder, label, Path.GetFileNameWithoutExtension(page) + ".png")));
        }
        return checks;
    }

    public async Task<PageCheck> CheckPageAsync(string htmlPath, string screenshotPath)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        page.RequestFailed += (_, request) => errors.Add($"failed to load {request.Url}: {request.Failure}");

        await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        try
        {
            // Plotly draws asynchronously after newPlot; wait until every figure has its SVG (or give up and report).
            await page.WaitForFunctionAsync($"() => ({FiguresScript}).every(f => f.drawn)", null,
                new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Reported below as undrawn figures.
        }

        var figures = await page.EvaluateAsync<FigureState[]>(FiguresScript);
        var mathElements = await page.Locator(".math").CountAsync();
        var renderedMath = await page.Locator(".math .katex").CountAsync();

        Directory.CreateDirectory(Path.GetDirectoryName(screenshotPath)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = true });

        return new PageCheck(htmlPath, figures.Length, figures.Where(f => !f.Drawn).Select(f => f.Id).ToList(),
            mathElements, renderedMath, errors, screenshotPath);
    }

    /// <summary>
    /// Opens a page in a window <paramref name="width"/> pixels wide and evaluates <paramref name="script"/> there once it
    /// has loaded; also every URL the page asked for, itself included (a self-contained page asks for nothing else).
    /// </summary>
    public async Task<(T Value, IReadOnlyList<string> Requests)> EvaluateAsync<T>(string htmlPath, int width, string script)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (await page.EvaluateAsync<T>(script), requests);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    // Playwright deserializes into a type with a parameterless constructor and settable properties.
    private sealed class FigureState
    {
        public string Id { get; set; } = "";

        public bool Drawn { get; set; }
    }

    /// <summary>
    /// Every figure the page asks Plotly to draw (the target of each Plotly.newPlot/react call in its scripts, by id
    /// or getElementById), every element Plotly marked as a plot and every div of our figures (drawn or not): drawn
    /// when it holds a .main-svg of non-zero size.
    /// </summary>
    private const string FiguresScript = """
        (() => {
          const targets = new Set();
          const call = /Plotly\.(?:newPlot|react)\(\s*(?:document\.getElementById\(\s*)?['"]([^'"]+)['"]/g;
          for (const script of document.querySelectorAll("script:not([src])")) {
            if (script.textContent.length > 1000000) continue; // plotly.js itself
            for (const match of script.textContent.matchAll(call)) targets.add(document.getElementById(match[1]) || match[1]);
          }
          document.querySelectorAll(".js-plotly-plot, .vae-figure").forEach(e => targets.add(e));
          return [...targets].map(t => {
            if (typeof t === "string") return { id: t + " (no such element)", drawn: false };
            const svg = t.querySelector(".main-svg");
            const box = svg ? svg.getBoundingClientRect() : null;
            return { id: t.id || t.className, drawn: !!box && box.width > 0 && box.height > 0 };
          });
        })()
        """;
}
