using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Analysis;

public class LatentPathTests
{
    // Tile (row, col) of a composite laid out by Tiling.Tile with 28 × 28 tiles and a gap of 2.
    private static float[] TileAt(GrayImage image, int row, int col) =>
        Enumerable.Range(0, 28).SelectMany(y => image.Pixels.AsSpan((row * 30 + y) * image.Width + col * 30, 28).ToArray()).ToArray();

    [Fact]
    public void TraversalCodes_ChangeOneCoordinatePerRow_AndKeepTheOthers()
    {
        float[] start = [1, 2, 3];
        float[] values = [-1, 0, 5];
        var codes = LatentTraversal.Codes(start, values);
        Assert.Equal(3 * 3 * 3, codes.Length);
        float[] Row(int k) => codes[(k * 3)..((k + 1) * 3)];
        Assert.Equal([-1f, 2, 3], Row(0));   // coordinate 1, first value
        Assert.Equal([5f, 2, 3], Row(2));    // coordinate 1, last value
        Assert.Equal([1f, 0, 3], Row(4));    // coordinate 2, middle value
        Assert.Equal([1f, 2, 5], Row(8));    // coordinate 3, last value
    }

    [Fact]
    public void Interpolation_StartsAtAEndsAtBAndPassesTheMidpoint()
    {
        float[] a = [0, 1, 0.3f];
        float[] b = [1, -1, 0.7f];
        var path = Interpolation.Linear(a, b, 5);
        Assert.Equal(a, path[..3]);
        Assert.Equal(b, path[12..]);
        Assert.Equal([0.5f, 0, 0.5f], path[6..9]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpolation.Linear(a, b, 1));
        Assert.Throws<ArgumentException>(() => Interpolation.Linear(a, [1f], 3));
    }

    [Fact]
    public void Figures_HaveARowPerCoordinate_AndTheInterpolationEndsAtTheImagesAndTheirReconstructions()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 3 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 10);
        var traversal = LatentTraversal.Figure(model, test, index: 2, steps: 7);
        Assert.Equal("image", traversal.Kind);
        Assert.Equal((3 * 30 - 2, 7 * 30 - 2), (traversal.Image!.Height, traversal.Image.Width));
        Assert.Equal(["z₁", "z₂", "z₃"], traversal.Layout["yaxis"]!["ticktext"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("0", traversal.Layout["xaxis"]!["ticktext"]![3]!.GetValue<string>());

        var figure = Interpolation.Figure(model, test, from: 0, to: 1, steps: 6);
        var image = figure.Image!;
        Assert.Equal((2 * 30 - 2, 6 * 30 - 2), (image.Height, image.Width));
        using var scope = torch.NewDisposeScope();
        Assert.Equal(test.Images[0].data<float>().ToArray(), TileAt(image, 1, 0));   // image space: a …
        Assert.Equal(test.Images[1].data<float>().ToArray(), TileAt(image, 1, 5));   // … to b
        float[] reconstruction;
        using (torch.no_grad()) reconstruction = model.forward(test.Images.narrow(0, 0, 2)).data<float>().ToArray();
        var first = TileAt(image, 0, 0);   // latent space: decode(μ(a)) …
        var last = TileAt(image, 0, 5);    // … to decode(μ(b))
        Assert.All(Enumerable.Range(0, 784), i => Assert.Equal(reconstruction[i], first[i], 1e-6f));   // the same pixels from batches of another size: GEMM blocking differs in the last bit
        Assert.All(Enumerable.Range(0, 784), i => Assert.Equal(reconstruction[784 + i], last[i], 1e-6f));   // the same pixels from batches of another size: GEMM blocking differs in the last bit
    }
}
