using Vae.Figures;

namespace Vae.Tests.Figures;

public class ImageGridTests
{
    private static GrayImage Constant(float value) => new(28, 28, Enumerable.Repeat(value, 784).ToArray());

    [Fact]
    public void ImageGrid_TilesRowsAndLabelsEachRowAndColumn()
    {
        var images = Enumerable.Range(0, 6).Select(k => Constant(k / 5f)).ToList();
        var figure = Plots.ImageGrid(images, cols: 3, ["first", "second"], ["a", "b", "c"], "grid");
        Assert.Equal("image", figure.Kind);
        Assert.Equal((2 * 28 + 2, 3 * 28 + 4), (figure.Image!.Height, figure.Image.Width));
        Assert.Equal(["first", "second"], figure.Layout["yaxis"]!["ticktext"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["a", "b", "c"], figure.Layout["xaxis"]!["ticktext"]!.AsArray().Select(t => t!.GetValue<string>()));
        // Image 4 (row 1, column 1) is the value 0.8 everywhere in its tile.
        Assert.Equal(0.8f, figure.Image.Pixels[(30 + 5) * figure.Image.Width + 30 + 5]);
        Assert.Equal("grid", figure.Title);
    }

    [Fact]
    public void ImageGrid_RejectsLabelsThatDoNotFitTheGrid()
    {
        var images = Enumerable.Range(0, 6).Select(_ => Constant(0)).ToList();
        Assert.Contains("whole rows", Assert.Throws<ArgumentException>(() => Plots.ImageGrid(images, 4, ["a", "b"], null, "t")).Message);
        Assert.Contains("2 row labels", Assert.Throws<ArgumentException>(() => Plots.ImageGrid(images, 3, ["a"], null, "t")).Message);
        Assert.Contains("3 column labels", Assert.Throws<ArgumentException>(() => Plots.ImageGrid(images, 3, ["a", "b"], ["x"], "t")).Message);
    }
}
