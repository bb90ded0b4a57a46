using System.Text.Json;
using Microsoft.Playwright;
using Vae.Drawing;
using Vae.Drawing.Explorer;

namespace Vae.Tests.Drawing.Explorer;

/// <summary>
/// One latent explorer opened in Debian's chromium (headless, as ReportBrowser launches it) from a file, with every
/// request other than the page itself refused and recorded, and console and page errors collected.
/// </summary>
public sealed class ExplorerPage : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private ExplorerPage(IPlaywright playwright, IBrowser browser, IPage page, string url)
    {
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
        Url = url;
    }

    public IPage Page { get; }
    public string Url { get; }
    public List<string> Errors { get; } = [];
    public List<string> ForeignRequests { get; } = [];

    public static async Task<ExplorerPage> OpenAsync(LatentExplorer explorer, string name)
    {
        var path = Path.Combine(TestPaths.TempDirectory(name), "latent-explorer.html");
        explorer.SaveHtml(path);
        var url = new Uri(path).AbsoluteUri;
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var opened = new ExplorerPage(playwright, browser, page, url);
        page.Console += (_, message) => { if (message.Type == "error") opened.Errors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => opened.Errors.Add($"page error: {error}");
        // Route sees http(s) requests; the Request event sees every request, file:// included.
        page.Request += (_, request) => { if (request.Url != url) opened.ForeignRequests.Add(request.Url); };
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == url) await route.ContinueAsync();
            else await route.AbortAsync();
        });
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.WaitForFunctionAsync("() => !!document.querySelector('.vae-explorer').vaeExplorer", null,
            new PageWaitForFunctionOptions { Timeout = 10_000 });
        return opened;
    }

    private const string Root = "document.querySelector('.vae-explorer')";

    /// <summary>Moves the real pointer (Playwright's mouse) onto latent point (z₁, z₂) of the plane.</summary>
    public async Task MoveToAsync(double z1, double z2)
    {
        var (x, y) = await ClientPointAsync(z1, z2);
        await Page.Mouse.MoveAsync((float)x, (float)y);
    }

    public async Task<(double X, double Y)> ClientPointAsync(double z1, double z2)
    {
        var p = await Page.EvaluateAsync<JsonElement>($"([a, b]) => {Root}.vaeExplorer.clientPoint(a, b)", new[] { z1, z2 });
        return (p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble());
    }

    /// <summary>The full code the page decoded last for the pointer.</summary>
    public async Task<float[]> CodeAsync() =>
        JsonSerializer.Deserialize<double[]>(await Page.EvaluateAsync<string>($"() => {Root}.dataset.code"))!.Select(v => (float)v).ToArray();

    public Task<string?> DataAsync(string key) => Page.EvaluateAsync<string?>($"k => {Root}.dataset[k] ?? null", key);

    /// <summary>The red channel (the gray level) of tile <paramref name="tile"/> of a canvas part, 784 values, as drawn.</summary>
    public Task<int[]> GrayAsync(string part, int tile = 0) => Page.EvaluateAsync<int[]>(
        $$"""
        ([part, tile]) => {
          const canvas = {{Root}}.querySelector(`[data-part=${part}]`);
          const data = canvas.getContext("2d").getImageData(tile * 30, 0, 28, 28).data;
          return Array.from({ length: 784 }, (_, i) => data[4 * i]);
        }
        """, new object[] { part, tile });

    public Task<string> TextAsync(string part) => Page.EvaluateAsync<string>($"p => {Root}.querySelector(`[data-part=${{p}}]`).textContent", part);

    public Task<bool> VisibleAsync(string part) => Page.EvaluateAsync<bool>($"p => getComputedStyle({Root}.querySelector(`[data-part=${{p}}]`)).display !== 'none'", part);

    public async Task ScreenshotAsync(string name)
    {
        var path = Path.Combine(ReportBrowser.ScreenshotFolder, "latent-explorer", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
