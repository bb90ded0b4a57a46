using System.Text.Json.Nodes;
using TorchSharp;
using Vae.Drawing;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Figures;

namespace Vae.Tests.Drawing;

public class PlotTests
{
    private static JsonObject Trace(Figure figure, int index) => figure.Data[index]!.AsObject();

    private static double[] Numbers(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<double>())];

    private static string[] Texts(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];

    [Fact]
    public void Scatter_HasOneColouredTracePerLabel_WithEachPointsIndex()
    {
        // 30 points, labels 0–9 without 3; point i sits at (i, −i) so every coordinate can be traced back.
        var labels = Enumerable.Range(0, 30).Select(i => i % 10 == 3 ? 4L : i % 10).ToArray();
        using var x = torch.arange(30, float32);
        using var y = -x;
        using var color = torch.tensor(labels);
        var figure = Plot.Scatter(x, y, color, "codes", "z₁", "z₂");

        Assert.Equal("scatter", figure.Kind);
        Assert.Equal(["0", "1", "2", "4", "5", "6", "7", "8", "9"], figure.Data.Select(t => t!["name"]!.GetValue<string>()));
        var colours = figure.Data.Select(t => t!["marker"]!["color"]!.GetValue<string>()).ToArray();
        Assert.Equal(colours.Length, colours.Distinct().Count());
        var four = Trace(figure, 3);  // label 4: points 3, 4, 13, 14, 23, 24
        double[] expected = [3, 4, 13, 14, 23, 24];
        Assert.Equal(expected, Numbers(four["x"]));
        Assert.Equal(expected.Select(v => -v), Numbers(four["y"]));
        Assert.Equal(expected, four["customdata"]!.AsArray().Select(v => (double)v!.GetValue<int>()));
        Assert.Contains("4<br>image %{customdata}", four["hovertemplate"]!.GetValue<string>());
        Assert.Equal(30, figure.Data.Sum(t => t!["x"]!.AsArray().Count));
        Assert.Equal("x", figure.Layout["yaxis"]!["scaleanchor"]!.GetValue<string>());
    }

    [Fact]
    public void Scatter_KeepsADigitsColourWhenOtherDigitsAreMissing_AndNamesClasses()
    {
        using var zero = torch.zeros(1);
        using var seven = torch.tensor(new long[] { 7 });
        using var all = torch.arange(10);
        var onlySeven = Plot.Scatter(zero, zero, seven, classNames: Vae.Data.DataSource.FashionClasses);
        var everything = Plot.Scatter(torch.zeros(10), torch.zeros(10), all);
        Assert.Equal(everything.Data[7]!["marker"]!["color"]!.GetValue<string>(), onlySeven.Data[0]!["marker"]!["color"]!.GetValue<string>());
        Assert.Equal("Sneaker", onlySeven.Data[0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Scatter_RejectsMismatchedAndNonFiniteInput()
    {
        Assert.Contains("one value per point", Assert.Throws<ArgumentException>(() => Plot.Scatter(torch.zeros(3), torch.zeros(2))).Message);
        Assert.Contains("a vector", Assert.Throws<ArgumentException>(() => Plot.Scatter(torch.zeros(3, 2), torch.zeros(3))).Message);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Plot.Scatter(torch.tensor(new[] { float.NaN }), torch.zeros(1))).Message);
    }

    [Fact]
    public void Image_CarriesAPngOfTheRightSize_AndSaysHowToDrawAFlatDigit()
    {
        using var manifold = torch.rand(560, 560);
        var figure = Plot.Image(manifold, "manifold");
        Assert.Equal("image", figure.Kind);
        Assert.Equal(manifold.ToArray<float>(), figure.Image!.Pixels);
        var png = PngDecoder.DecodeDataUri(Trace(figure, 0)["source"]!.GetValue<string>());
        Assert.Equal((560, 560), (png.Width, png.Height));
        // Shown at about 600 px, square pixels, row 0 on top.
        Assert.Equal(600, figure.Layout["height"]!.GetValue<int>() - 60);
        Assert.Equal("x", figure.Layout["yaxis"]!["scaleanchor"]!.GetValue<string>());
        Assert.Equal("reversed", figure.Layout["yaxis"]!["autorange"]!.GetValue<string>());
        var e = Assert.Throws<ArgumentException>(() => Plot.Image(torch.zeros(784)));
        Assert.Contains("reshape(28, 28)", e.Message);
    }

    [Fact]
    public void Image_TicksLabelTheCentresOfEqualBands()
    {
        using var z_range = torch.arange(-1, 1, 0.1);
        using var image = torch.zeros(560, 560);
        var figure = Plot.Image(image, "grid", z_range, z_range.flip(0), "z₁", "z₂");
        var xaxis = figure.Layout["xaxis"]!;
        Assert.Equal([13.5, 4 * 28 + 13.5, 8 * 28 + 13.5, 12 * 28 + 13.5, 16 * 28 + 13.5], Numbers(xaxis["tickvals"]));
        Assert.Equal(["-1.0", "-0.6", "-0.2", "0.2", "0.6"], Texts(xaxis["ticktext"]));
        Assert.Equal("z₁", xaxis["title"]!["text"]!.GetValue<string>());
        var yaxis = figure.Layout["yaxis"]!;
        Assert.Equal("0.9", Texts(yaxis["ticktext"])[0]);       // top band
        Assert.Equal("z₂", yaxis["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Images_PutImageKAtRowKDivColsAndColumnKModCols_WithGrayGaps()
    {
        // Five 2 × 3 images, image k filled with k / 10 and its top-left pixel 1, in rows of 2: the last place stays black.
        using var images = torch.arange(5, float32).div(10).view(5, 1, 1).expand(5, 2, 3).contiguous();
        images[.., 0, 0] = 1;
        var figure = Plot.Images(images, cols: 2, "tiles", ["a", "b", "c"], ["left", "right"]);
        var image = figure.Image!;
        Assert.Equal((2 * 3 + 2, 3 * 2 + 2 * 2), (image.Width, image.Height));
        float At(int y, int x) => image.Pixels[y * image.Width + x];
        for (var k = 0; k < 5; k++)
        {
            var (top, left) = (k / 2 * 4, k % 2 * 5);
            Assert.Equal(1f, At(top, left));                         // unflipped, untransposed
            Assert.Equal(k / 10f, At(top + 1, left + 2), 1e-6f);
        }
        Assert.Equal(0f, At(8, 5));                                  // the sixth place: black
        Assert.Equal(0.5f, At(0, 3));                                // the gap between columns
        Assert.Equal(0.5f, At(2, 0));                                // the gap between rows
        Assert.Equal(["a", "b", "c"], Texts(figure.Layout["yaxis"]!["ticktext"]));
        Assert.Equal([1.0, 6.0], Numbers(figure.Layout["xaxis"]!["tickvals"]));
        Assert.Throws<ArgumentException>(() => Plot.Images(images, 2, rowLabels: ["a"]));
        Assert.Throws<ArgumentException>(() => Plot.Images(images, 2, colLabels: ["a", "b", "c"]));
    }

    [Fact]
    public void Images_TakesFlatDigits()
    {
        using var digits = torch.rand(3, 784);
        var figure = Plot.Images(digits, cols: 3);
        Assert.Equal((3 * 30 - 2, 28), (figure.Image!.Width, figure.Image.Height));
        Assert.Equal(digits[1].ToArray<float>()[..28], figure.Image.Pixels[30..58]);
        Assert.False(figure.Layout["xaxis"]!["visible"]!.GetValue<bool>());
    }

    [Fact]
    public void Lines_HasOneTracePerSeries_AndLogAxesOnRequest()
    {
        var figure = Plot.Lines("−ELBO per epoch", "epoch", "nats",
            [new Series("train", [1, 2, 3], [160, 150, 145]), new Series("test", [1, 2, 3], [158, double.NaN, 144], Dash: "dash")], logY: true);
        Assert.Equal("lines", figure.Kind);
        Assert.Equal(["train", "test"], figure.Data.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("lines+markers", Trace(figure, 0)["mode"]!.GetValue<string>());
        Assert.Equal("dash", Trace(figure, 1)["line"]!["dash"]!.GetValue<string>());
        Assert.Null(Trace(figure, 1)["y"]![1]);  // NaN becomes a gap, not invalid JSON
        Assert.Equal("log", figure.Layout["yaxis"]!["type"]!.GetValue<string>());
        Assert.Equal("linear", figure.Layout["xaxis"]!["type"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => Plot.Lines("t", "x", "y", [new Series("bad", [1, 2], [1])]));
    }

    /// <summary>A decoder whose 28 × 28 logits spell out z: the left half z₁, the right half z₂.</summary>
    private sealed class SpellingVae : VaeModel
    {
        private readonly TorchSharp.Modules.Linear unused = nn.Linear(1, 1);   // a parameter, so the model has a device

        public SpellingVae() : base(new ModelConfig { Z = 2 }) => RegisterComponents();

        public override Posterior encode(Tensor x) => throw new NotSupportedException();

        public override Tensor decode(Tensor z) =>
            z.index_select(1, torch.tensor(Enumerable.Range(0, 784).Select(i => i % 28 < 14 ? 0L : 1L).ToArray()));
    }

    [Fact]
    public void LatentSpace_HasZ1GrowingRightAndZ2GrowingUp_AsTheScatterDoes()
    {
        using var model = new SpellingVae();
        var image = LectureFigures.LatentSpace(model).Image!;
        Assert.Equal((560, 560), (image.Width, image.Height));
        double Logit(float p) => Math.Log(p / (1 - p));
        double Z1At(int row, int col) => Logit(image.Pixels[(row * 28 + 10) * 560 + col * 28 + 5]);
        double Z2At(int row, int col) => Logit(image.Pixels[(row * 28 + 10) * 560 + col * 28 + 20]);
        for (var row = 0; row < 20; row++)
            for (var col = 0; col < 20; col++)
            {
                Assert.Equal(-1 + 0.1 * col, Z1At(row, col), 4);          // left to right: z₁ up
                Assert.Equal(-1 + 0.1 * (19 - row), Z2At(row, col), 4);   // bottom to top: z₂ up
            }
    }
}
