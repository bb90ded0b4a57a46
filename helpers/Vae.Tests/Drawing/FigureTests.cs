using System.Text.Json.Nodes;
using TorchSharp;
using Vae.Drawing;
using Vae.Data;
using Vae.Torch;
using Vae.Training;
using Vae.Drawing.Html;

namespace Vae.Tests.Drawing;

public class FigureTests
{
    // The first line of plotly.min.js: present where the library is inlined, absent elsewhere.
    private static readonly string PlotlyHeader = File.ReadLines(PlotlyJs.Locate()).First(l => l.Contains("plotly.js v"));

    private static Figure Scatter() =>
        Plot.Scatter(torch.tensor(new float[] { 0, 2 }), torch.tensor(new float[] { 1, 3 }), torch.tensor(new long[] { 0, 1 }), "Learned encoding", "z₁", "z₂");

    [Fact]
    public void ToJsonHoldsDataLayoutAndConfig()
    {
        var json = JsonNode.Parse(Scatter().ToJson())!.AsObject();
        Assert.Equal(2, json["data"]!.AsArray().Count);
        Assert.Equal("Learned encoding", json["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.False(json["config"]!["displaylogo"]!.GetValue<bool>());
        Assert.True(json["config"]!["responsive"]!.GetValue<bool>());
    }

    [Fact]
    public void ToJsonIsDeterministic() => Assert.Equal(Scatter().ToJson(), Scatter().ToJson());

    [Fact]
    public void EveryFragmentCarriesCompressedPlotlyJsAndALoader()
    {
        var fragments = new[] { Scatter().ToHtml(), Scatter().ToHtml() };

        foreach (var html in fragments)
        {
            var payload = System.Text.RegularExpressions.Regex.Match(html, $"<script type=\"{PlotlyJs.PayloadScriptType}\" id=\"[^\"]+\">([^<]+)</script>");
            Assert.True(payload.Success);
            // The copy is plotly.js itself, gzipped: what the loader unpacks when the page has no window.Plotly.
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(Convert.FromBase64String(payload.Groups[1].Value)),
                System.IO.Compression.CompressionMode.Decompress);
            Assert.Equal(File.ReadAllText(PlotlyJs.Locate()), new StreamReader(gzip).ReadToEnd());
            Assert.True(html.Length < 2_100_000, $"a fragment is {html.Length} characters");
            Assert.DoesNotContain(PlotlyHeader, html);  // not as script text: the page only pays for the bytes
            Assert.Contains("if (window.Plotly || window.vaePlotlyLoading) return;", html);
            Assert.Contains("if (window.Plotly) { draw(); return; }", html);
        }
    }

    [Fact]
    public void EachFragmentDrawsIntoItsOwnDiv()
    {
        var ids = Enumerable.Range(0, 2)
            .Select(_ => System.Text.RegularExpressions.Regex.Match(Scatter().ToHtml(), "<div id=\"(vae-figure-[0-9a-f]{32})\"").Groups[1].Value)
            .ToArray();
        Assert.All(ids, id => Assert.NotEmpty(id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public void TextFromCallersCannotCloseTheScriptElement()
    {
        var html = Plot.Lines("</script><b>bold</b>", "x", "y", []).ToHtml();
        Assert.DoesNotContain("</script><b>", html);
        // Three elements: the copy of plotly.js, its loader, the figure's own script.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "</script>").Count);
    }

    [Fact]
    public void SavePngIsForImageFiguresOnly()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Scatter().SavePng(Path.Combine(Path.GetTempPath(), "never.png")));
        Assert.Contains("PNG export is for image figures", error.Message);
    }

    [Fact]
    public void StandaloneHtmlCarriesTheFigureAndPlotlyJs()
    {
        var figure = Scatter();
        var html = figure.ToStandaloneHtml();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains(PlotlyHeader, html);
        Assert.Contains($"(\"vae-figure-", html);
        Assert.Contains(figure.ToJson(), html);
        Assert.Contains("<title>Learned encoding</title>", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void SavesHtmlAndPngFiles()
    {
        var dir = Directory.CreateTempSubdirectory("vae-figures-");
        try
        {
            using var blank = torch.zeros(28, 28);
            var image = Plot.Image(blank, "blank");
            image.SavePng(Path.Combine(dir.FullName, "blank.png"));
            image.SaveHtml(Path.Combine(dir.FullName, "blank.html"));
            var png = PngDecoder.Decode(File.ReadAllBytes(Path.Combine(dir.FullName, "blank.png")));
            Assert.Equal((28, 28), (png.Width, png.Height));
            Assert.Contains(PlotlyHeader, File.ReadAllText(Path.Combine(dir.FullName, "blank.html")));
            Assert.Equal(2, Directory.GetFiles(dir.FullName).Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
