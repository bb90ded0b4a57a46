using System.Text.Json.Nodes;
using Vae.Figures;

namespace Vae.Tests.Figures;

public class FigureTests
{
    // The first line of plotly.min.js: present where the library is inlined, absent elsewhere.
    private static readonly string PlotlyHeader = File.ReadLines(Figure.PlotlyJsPath).First(l => l.Contains("plotly.js v"));

    private static Figure Scatter() => Plots.LatentScatter([0f, 1f, 2f, 3f], [0, 1]);

    [Fact]
    public void ToJsonHoldsDataLayoutAndConfig()
    {
        var json = JsonNode.Parse(Scatter().ToJson())!.AsObject();
        Assert.Equal(2, json["data"]!.AsArray().Count);
        Assert.Equal("Learned encoding: encoder means μ of test images", json["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.False(json["config"]!["displaylogo"]!.GetValue<bool>());
        Assert.True(json["config"]!["responsive"]!.GetValue<bool>());
    }

    [Fact]
    public void ToJsonIsDeterministic() => Assert.Equal(Scatter().ToJson(), Scatter().ToJson());

    [Fact]
    public void OnlyTheFirstFragmentCarriesPlotlyJs()
    {
        var inline = new PlotlyInline(provided: () => false);
        var first = Scatter().ToHtml(inline);
        var second = Scatter().ToHtml(inline);

        Assert.Contains(PlotlyHeader, first);
        Assert.Contains("if (typeof window.Plotly === \"undefined\")", first);
        Assert.DoesNotContain(PlotlyHeader, second);
        Assert.True(second.Length < 10_000, $"the second fragment is {second.Length} characters");
        Assert.Contains("Plotly.newPlot", second);
        Assert.Contains("if (window.Plotly) { draw(); return; }", second);
    }

    [Fact]
    public void NoFragmentCarriesPlotlyJsWhenThePageProvidesIt()
    {
        var inline = new PlotlyInline(provided: () => true);
        Assert.DoesNotContain(PlotlyHeader, Scatter().ToHtml(inline));
        Assert.DoesNotContain(PlotlyHeader, Scatter().ToHtml(inline));
    }

    [Fact]
    public void EachFragmentDrawsIntoItsOwnDiv()
    {
        var inline = new PlotlyInline(provided: () => true);
        var ids = Enumerable.Range(0, 2)
            .Select(_ => System.Text.RegularExpressions.Regex.Match(Scatter().ToHtml(inline), "<div id=\"(vae-figure-[0-9a-f]{32})\"").Groups[1].Value)
            .ToArray();
        Assert.All(ids, id => Assert.NotEmpty(id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public void TextFromCallersCannotCloseTheScriptElement()
    {
        var html = Plots.Lines("</script><b>bold</b>", "x", "y").ToHtml(new PlotlyInline(provided: () => true));
        Assert.DoesNotContain("</script><b>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
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
        Assert.Contains($"var figure = {figure.ToJson()};", html);
        Assert.Contains("<title>Learned encoding: encoder means μ of test images</title>", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void SavesHtmlAndPngFiles()
    {
        var dir = Directory.CreateTempSubdirectory("vae-figures-");
        try
        {
            var image = Plots.Image(new GrayImage(28, 28, new float[784]), "blank");
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

/// <summary>Tests that set process-wide environment variables run alone.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public class EnvironmentCollection;

[Collection(nameof(EnvironmentCollection))]
public class PlotlyProvidedVariableTests
{
    [Fact]
    public void VaePlotlyProvidedKeepsPlotlyJsOutOfEveryFragment()
    {
        var header = File.ReadLines(Figure.PlotlyJsPath).First(l => l.Contains("plotly.js v"));
        var figure = Plots.Lines("t", "x", "y", new Series("s", [0], [0]));
        var before = Environment.GetEnvironmentVariable(PlotlyInline.ProvidedVariable);
        try
        {
            Environment.SetEnvironmentVariable(PlotlyInline.ProvidedVariable, "1");
            var inline = new PlotlyInline();
            Assert.DoesNotContain(header, figure.ToHtml(inline));
            Assert.DoesNotContain(header, figure.ToHtml(inline));

            Environment.SetEnvironmentVariable(PlotlyInline.ProvidedVariable, null);
            Assert.Contains(header, figure.ToHtml(inline));  // the same state, now asked to carry it
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlotlyInline.ProvidedVariable, before);
        }
    }
}
