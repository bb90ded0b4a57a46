using TorchSharp;
using Vae.Drawing;
using Vae.Models;
using Vae.Torch;
using Xunit.Abstractions;
using Vae.Figures;

namespace Vae.Tests.Drawing.Explorer;

/// <summary>
/// The explorer in a real browser: the pixels the page draws under the pointer, for a click and along a drag, against
/// the C# decoder for the same code (every pixel within one gray level); hover names label and index; nothing fetched;
/// no console errors; and how many decodes a second the page manages.
/// </summary>
[Collection(ExplorerCollection.Name)]
public class LatentExplorerBrowserTests(ExplorerModels models, ITestOutputHelper output)
{
    private const int Count = 300;
    // One CSS pixel of the 380 px plot over [−1, 1), with room for the pointer's sub-pixel rounding.
    private const float PixelOfPlane = 2f / 380 * 1.5f;

    private static int[] Expected(VaeModel model, float[] code)
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(code, [code.Length / model.z_dim, model.z_dim]);
        return model.Batched(z, z => model.decode(z).sigmoid()).ToArray<float>().Select(p => (int)Math.Round(255 * p)).ToArray();
    }

    private float[] EncoderMeans(VaeModel model, int n)
    {
        using var scope = torch.NewDisposeScope();
        return model.Batched(models.Test.Images[..n], x => model.encode(x).mu).ToArray<float>();
    }

    private static void AssertWithinOneLevel(int[] expected, int[] drawn, string what)
    {
        var worst = expected.Zip(drawn, (e, d) => Math.Abs(e - d)).Max();
        Assert.True(worst <= 1, $"{what}: a pixel is {worst} gray levels from the C# decoder's");
        Assert.True(drawn.Max() - drawn.Min() > 50, $"{what}: the drawn image is flat ({drawn.Min()} … {drawn.Max()})");
    }

    [Fact]
    public async Task ThePointerDrawsWhatTheDecoderMakesThere()
    {
        var model = models.Lecture;
        var explorer = LectureFigures.Explorer(model, models.Test, Count);
        await using var page = await ExplorerPage.OpenAsync(explorer, "explorer-z2");
        (float, float)[] points = [(0, 0), (0.5f, -0.5f), (-0.9f, 0.8f), (0.3f, 0.1f), (-0.45f, -0.95f)];
        foreach (var (z1, z2) in points)
        {
            await page.MoveToAsync(z1, z2);
            var code = await page.CodeAsync();
            Assert.Equal(2, code.Length);
            Assert.InRange(code[0], z1 - PixelOfPlane, z1 + PixelOfPlane);
            Assert.InRange(code[1], z2 - PixelOfPlane, z2 + PixelOfPlane);
            AssertWithinOneLevel(Expected(model, code), await page.GrayAsync("decoded"), $"z = ({z1}, {z2})");
        }
        await page.ScreenshotAsync("z2-pointer");

        // Wider: the window [−3, 3)² puts (2, −2.5) on the plane.
        await page.Page.SelectOptionAsync(".vae-explorer [data-part=range]", "3");
        await page.MoveToAsync(2, -2.5);
        var wide = await page.CodeAsync();
        Assert.InRange(wide[0], 2 - 3 * PixelOfPlane, 2 + 3 * PixelOfPlane);
        Assert.InRange(wide[1], -2.5f - 3 * PixelOfPlane, -2.5f + 3 * PixelOfPlane);
        AssertWithinOneLevel(Expected(model, wide), await page.GrayAsync("decoded"), "z = (2, −2.5) in the window of 3");

        Assert.Empty(page.Errors);
        Assert.Empty(page.ForeignRequests);
    }

    [Fact]
    public async Task HoverNamesTheImageAndAClickShowsItsOriginalBesideItsReconstruction()
    {
        var model = models.Lecture;
        var mu = EncoderMeans(model, Count);
        var k = Isolated(mu, 2, 0, 1, range: 1);
        var label = models.Test.Labels[k].item<long>();
        var explorer = LectureFigures.Explorer(model, models.Test, Count);
        await using var page = await ExplorerPage.OpenAsync(explorer, "explorer-hover");

        await page.MoveToAsync(mu[2 * k], mu[2 * k + 1]);
        Assert.True(await page.VisibleAsync("tip"));
        Assert.Equal($"label {label} · test image #{k}", await page.TextAsync("tip"));
        await page.ScreenshotAsync("z2-hover");

        await page.Page.Mouse.DownAsync();
        await page.Page.Mouse.UpAsync();
        Assert.Equal(k.ToString(), await page.DataAsync("selected"));
        var original = models.Test.Images[k].ToArray<float>().Select(v => (int)Math.Round(255 * v)).ToArray();
        Assert.Equal(original, await page.GrayAsync("original"));
        AssertWithinOneLevel(Expected(model, mu[(2 * k)..(2 * k + 2)]), await page.GrayAsync("reconstruction"), $"reconstruction of #{k}");
        Assert.Contains($"#{k}", await page.TextAsync("picked"));

        // Leaving the plot hides the name again.
        await page.MoveToAsync(-1.1, 0);
        Assert.False(await page.VisibleAsync("tip"));
        Assert.Empty(page.Errors);
        Assert.Empty(page.ForeignRequests);
    }

    [Fact]
    public async Task ADragDecodesTheStraightLineBetweenItsEnds()
    {
        var model = models.Lecture;
        var explorer = LectureFigures.Explorer(model, models.Test, Count);
        await using var page = await ExplorerPage.OpenAsync(explorer, "explorer-drag");
        await page.MoveToAsync(-0.8, 0.7);
        var from = await page.CodeAsync();
        await page.Page.Mouse.DownAsync();
        await page.MoveToAsync(-0.2, 0.1);
        await page.MoveToAsync(0.75, -0.6);
        var to = await page.CodeAsync();
        await page.Page.Mouse.UpAsync();
        await page.ScreenshotAsync("z2-drag");

        var ends = System.Text.Json.JsonSerializer.Deserialize<double[][]>((await page.DataAsync("strip"))!)!;
        // An end that lands on a test image snaps to its μ; these two are compared with what the page says it used.
        var a = ends[0].Select(v => (float)v).ToArray();
        var b = ends[1].Select(v => (float)v).ToArray();
        Assert.True(Math.Abs(a[0] - from[0]) < 0.05 && Math.Abs(b[0] - to[0]) < 0.05, "the strip runs between the drag's ends");
        for (var s = 0; s < 10; s += 3)
        {
            var t = s / 9f;
            var code = new[] { (1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1] };
            AssertWithinOneLevel(Expected(model, code), await page.GrayAsync("strip", s), $"strip tile {s}");
        }
        Assert.Empty(page.Errors);
        Assert.Empty(page.ForeignRequests);
    }

    [Fact]
    public async Task WithZ4ThePlaneIsTwoChosenCoordinatesAndTheOthersFollowAClickedImage()
    {
        var model = models.Z4;
        var mu = EncoderMeans(model, Count);
        var explorer = LectureFigures.Explorer(model, models.Test, Count, range: 2, dim1: 2, dim2: 0, held: 5);
        await using var page = await ExplorerPage.OpenAsync(explorer, "explorer-z4");

        await page.MoveToAsync(0.4, -0.3);
        var code = await page.CodeAsync();
        Assert.Equal(4, code.Length);
        Assert.Equal(mu[(5 * 4 + 1)], code[1]);
        Assert.Equal(mu[(5 * 4 + 3)], code[3]);
        Assert.InRange(code[2], 0.4f - 2 * PixelOfPlane, 0.4f + 2 * PixelOfPlane);
        Assert.InRange(code[0], -0.3f - 2 * PixelOfPlane, -0.3f + 2 * PixelOfPlane);
        AssertWithinOneLevel(Expected(model, code), await page.GrayAsync("decoded"), "z₃, z₁ = (0.4, −0.3), rest at μ(#5)");
        await page.ScreenshotAsync("z4");

        // A click on another image makes its μ the held code.
        var k = Isolated(mu, 4, 2, 0, range: 2);
        await page.Page.Mouse.ClickAsync((float)(await page.ClientPointAsync(mu[4 * k + 2], mu[4 * k])).X,
            (float)(await page.ClientPointAsync(mu[4 * k + 2], mu[4 * k])).Y);
        Assert.Equal(k.ToString(), await page.Page.InputValueAsync(".vae-explorer [data-part=held]"));
        await page.MoveToAsync(-1, 1);
        code = await page.CodeAsync();
        Assert.Equal(mu[4 * k + 1], code[1]);
        Assert.Equal(mu[4 * k + 3], code[3]);
        AssertWithinOneLevel(Expected(model, code), await page.GrayAsync("decoded"), $"rest at μ(#{k})");

        // Other coordinates on the plane.
        await page.Page.SelectOptionAsync(".vae-explorer [data-part=dim1]", "3");
        await page.MoveToAsync(0.5, 0.5);
        code = await page.CodeAsync();
        Assert.InRange(code[3], 0.5f - 2 * PixelOfPlane, 0.5f + 2 * PixelOfPlane);
        Assert.Equal(mu[4 * k + 2], code[2]);
        AssertWithinOneLevel(Expected(model, code), await page.GrayAsync("decoded"), "z₄, z₁ on the plane");
        Assert.Empty(page.Errors);
        Assert.Empty(page.ForeignRequests);
    }

    /// <summary>
    /// Every pointer move decodes and redraws. How fast is printed, not asserted: a speed depends on the machine and its
    /// load, which is a benchmark's business (the README quotes the measured rate).
    /// </summary>
    [Fact]
    public async Task EveryPointerMove_Decodes_AndTheRateIsPrinted()
    {
        var explorer = LectureFigures.Explorer(models.Lecture, models.Test, 1000);
        await using var page = await ExplorerPage.OpenAsync(explorer, "explorer-speed");
        // Synthetic pointer moves over the plot, dispatched in the page: each one decodes and redraws, as a real move does.
        var result = await page.Page.EvaluateAsync<double[]>("""
            () => {
              const root = document.querySelector('.vae-explorer'), plane = root.querySelector('[data-part=plane]');
              const before = root.vaeExplorer.decodes(), n = 300, start = performance.now();
              for (let i = 0; i < n; i++) {
                const p = root.vaeExplorer.clientPoint(Math.sin(i) * 0.9, Math.cos(1.7 * i) * 0.9);
                plane.dispatchEvent(new PointerEvent('pointermove', { clientX: p.x, clientY: p.y, bubbles: true }));
              }
              const seconds = (performance.now() - start) / 1000;
              return [root.vaeExplorer.decodes() - before, seconds];
            }
            """);
        var rate = result[0] / result[1];
        // And through Playwright's real mouse, which adds the round trip to the browser for every move.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 60; i++) await page.MoveToAsync(Math.Sin(i) * 0.9, Math.Cos(1.3 * i) * 0.9);
        var mouseRate = 60 / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{result[0]:0} decodes in {result[1] * 1000:0} ms: {rate:0} decodes/s with redraw; {mouseRate:0} moves/s through Playwright's mouse; "
            + $"output {explorer.ToHtml().Length / 1e6:0.00} MB for {explorer.Count:N0} images ({explorer.Precision})");
        Assert.Equal(300, result[0]);
        Assert.Empty(page.Errors);
    }

    // An image whose μ lies inside the window with no other image's μ within 3 screen pixels, so the pointer there names it.
    private static int Isolated(float[] mu, int d, int dim1, int dim2, double range)
    {
        var scale = 380 / (2 * range);
        var n = mu.Length / d;
        for (var k = 0; k < n; k++)
        {
            float x = mu[k * d + dim1], y = mu[k * d + dim2];
            if (Math.Abs(x) > 0.8 * range || Math.Abs(y) > 0.8 * range) continue;
            var alone = true;
            for (var j = 0; j < n && alone; j++)
                if (j != k && Math.Pow((mu[j * d + dim1] - x) * scale, 2) + Math.Pow((mu[j * d + dim2] - y) * scale, 2) < 9) alone = false;
            if (alone) return k;
        }
        throw new InvalidOperationException("no isolated code in the window; the test needs one");
    }
}
