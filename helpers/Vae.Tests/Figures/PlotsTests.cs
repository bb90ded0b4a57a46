using System.Text.Json.Nodes;
using Vae.Figures;

namespace Vae.Tests.Figures;

public class PlotsTests
{
    private static JsonObject Trace(Figure figure, int index) => figure.Data[index]!.AsObject();

    private static float[] Floats(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<float>()).ToArray();

    private static GrayImage Constant(float value, int size = 28) =>
        new(size, size, Enumerable.Repeat(value, size * size).ToArray());

    [Fact]
    public void LatentScatterHasOneColouredTracePerLabel()
    {
        // 30 points, labels 0–9 without 3; point i sits at (i, −i) so every coordinate can be traced back.
        var labels = Enumerable.Range(0, 30).Select(i => i % 10 == 3 ? 4 : i % 10).ToArray();
        var z = Enumerable.Range(0, 30).SelectMany(i => new float[] { i, -i }).ToArray();
        var indices = Enumerable.Range(0, 30).Select(i => 1000 + i).ToArray();
        var figure = Plots.LatentScatter(z, labels, indices);

        Assert.Equal("scatter", figure.Kind);
        Assert.Equal(9, figure.Data.Count);
        var names = figure.Data.Select(t => t!["name"]!.GetValue<string>()).ToArray();
        Assert.Equal(["0", "1", "2", "4", "5", "6", "7", "8", "9"], names);
        var colours = figure.Data.Select(t => t!["marker"]!["color"]!.GetValue<string>()).ToArray();
        Assert.Equal(colours.Length, colours.Distinct().Count());

        var four = Trace(figure, 3);  // label 4: points 3, 4, 13, 14, 23, 24
        int[] expected = [3, 4, 13, 14, 23, 24];
        Assert.Equal(expected.Select(i => (float)i), Floats(four["x"]));
        Assert.Equal(expected.Select(i => (float)-i), Floats(four["y"]));
        Assert.Equal(expected.Select(i => 1000 + i), four["customdata"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Contains("%{customdata}", four["hovertemplate"]!.GetValue<string>());
        Assert.Contains("label 4", four["hovertemplate"]!.GetValue<string>());
        Assert.Equal(30, figure.Data.Sum(t => t!["x"]!.AsArray().Count));
        Assert.Equal("x", figure.Layout["yaxis"]!["scaleanchor"]!.GetValue<string>());
    }

    [Fact]
    public void LatentScatterKeepsADigitsColourWhenOtherDigitsAreMissing()
    {
        var onlySeven = Plots.LatentScatter([0f, 0f], [7]);
        var all = Plots.LatentScatter(new float[20], Enumerable.Range(0, 10).ToArray());
        Assert.Equal(all.Data[7]!["marker"]!["color"]!.GetValue<string>(), onlySeven.Data[0]!["marker"]!["color"]!.GetValue<string>());
        Assert.Equal([0], onlySeven.Data[0]!["customdata"]!.AsArray().Select(v => v!.GetValue<int>()));  // default index
    }

    [Fact]
    public void LatentScatterRejectsMismatchedAndNonFiniteInput()
    {
        Assert.Contains("2 values per label", Assert.Throws<ArgumentException>(() => Plots.LatentScatter(new float[5], new int[3])).Message);
        Assert.Throws<ArgumentException>(() => Plots.LatentScatter(new float[6], new int[3], new int[2]));
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Plots.LatentScatter([0f, float.NaN], [1])).Message);
    }

    [Fact]
    public void ImageCarriesAPngSourceOfTheRightSize()
    {
        var manifold = Tiling.Tile(new float[400 * 784], 400, 28, 28, 20, 20);
        var figure = Plots.Image(manifold, "manifold");

        Assert.Equal("image", figure.Kind);
        Assert.Same(manifold, figure.Image);
        var trace = Trace(figure, 0);
        Assert.Equal("image", trace["type"]!.GetValue<string>());
        var png = PngDecoder.DecodeDataUri(trace["source"]!.GetValue<string>());
        Assert.Equal((560, 560), (png.Width, png.Height));
        Assert.Null(trace["z"]);  // pixels travel as PNG only
        // Shown at about 600 px, square pixels, row 0 on top.
        Assert.Equal(600, figure.Layout["height"]!.GetValue<int>() - 60);
        Assert.Equal(600, figure.Layout["width"]!.GetValue<int>() - 20);
        Assert.Equal("x", figure.Layout["yaxis"]!["scaleanchor"]!.GetValue<string>());
        Assert.Equal("reversed", figure.Layout["yaxis"]!["autorange"]!.GetValue<string>());
    }

    [Fact]
    public void ImagePairsPutsOriginalsOnTopAndReconstructionsBelow()
    {
        GrayImage[] originals = [Constant(1f), Constant(0.8f), Constant(0.6f)];
        GrayImage[] reconstructions = [Constant(0.2f), Constant(0.4f), Constant(0f)];
        var figure = Plots.ImagePairs(originals, reconstructions, ["#0", "#1", "#2"], "pairs");

        var image = figure.Image!;
        Assert.Equal((3 * 28 + 2 * 2, 2 * 28 + 2), (image.Width, image.Height));
        float At(int row, int col) => image.Pixels[(row * 30 + 14) * image.Width + col * 30 + 14];
        Assert.Equal([1f, 0.8f, 0.6f], [At(0, 0), At(0, 1), At(0, 2)]);
        Assert.Equal([0.2f, 0.4f, 0f], [At(1, 0), At(1, 1), At(1, 2)]);

        var png = PngDecoder.DecodeDataUri(Trace(figure, 0)["source"]!.GetValue<string>());
        Assert.Equal((image.Width, image.Height), (png.Width, png.Height));
        var rows = figure.Layout["yaxis"]!["ticktext"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Equal(["original", "reconstruction"], rows);
        var captions = figure.Layout["xaxis"]!["ticktext"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Equal(["#0", "#1", "#2"], captions);
    }

    [Fact]
    public void ImagePairsShowsASinglePair()
    {
        var figure = Plots.ImagePairs([Constant(1f)], [Constant(0.5f)], null, "one pair");
        Assert.Equal((28, 58), (figure.Image!.Width, figure.Image.Height));
        Assert.False(figure.Layout["xaxis"]!["visible"]!.GetValue<bool>());
        Assert.Throws<ArgumentException>(() => Plots.ImagePairs([Constant(1f)], [], null, "no pair"));
    }

    [Fact]
    public void ManifoldTicksShowZ2GrowingUpwards()
    {
        var grid = new LatentGrid();
        var figure = Plots.Manifold(grid.Tile(new float[grid.Count * 784]), grid);

        var yaxis = figure.Layout["yaxis"]!;
        var ticks = yaxis["tickvals"]!.AsArray().Select(v => v!.GetValue<double>())
            .Zip(yaxis["ticktext"]!.AsArray().Select(t => double.Parse(t!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(tick => tick.First)  // by pixel row, top first
            .ToArray();
        Assert.Equal(19 * 28 + 13.5, ticks[^1].First);  // the bottom tile row …
        Assert.Equal(-1, ticks[^1].Second);             // … is z₂ = −1
        Assert.True(ticks.Zip(ticks.Skip(1)).All(pair => pair.First.Second > pair.Second.Second), "z₂ must fall from top to bottom");

        var xaxis = figure.Layout["xaxis"]!;
        Assert.Equal(13.5, xaxis["tickvals"]![0]!.GetValue<double>());
        Assert.Equal("-1.0", xaxis["ticktext"]![0]!.GetValue<string>());
        Assert.Equal("z₁", xaxis["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void LinesHasOneTracePerSeries()
    {
        var figure = Plots.Lines("−ELBO per epoch", "epoch", "nats",
            new Series("train", [1, 2, 3], [160, 150, 145]),
            new Series("test", [1, 2, 3], [158, double.NaN, 144], Dash: "dash"));

        Assert.Equal("lines", figure.Kind);
        Assert.Equal(2, figure.Data.Count);
        Assert.Equal(["train", "test"], figure.Data.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("lines+markers", Trace(figure, 0)["mode"]!.GetValue<string>());
        Assert.Equal("dash", Trace(figure, 1)["line"]!["dash"]!.GetValue<string>());
        Assert.Null(Trace(figure, 1)["y"]![1]);  // NaN becomes a gap, not invalid JSON
        Assert.Equal([1.0, 2.0, 3.0], Trace(figure, 0)["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Throws<ArgumentException>(() => Plots.Lines("t", "x", "y", new Series("bad", [1, 2], [1])));
    }
}
