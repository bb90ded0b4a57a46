using Vae.Drawing;
using Vae.Training;
using Vae.Data;
using Vae.Models;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

using Vae.Analysis;
using Vae.Drawing.Images;

namespace Vae.Tests.Analysis;

public class LatentPathTests
{
    // Tile (row, col) of a composite laid out by Plot.Images: 28 × 28 tiles and a gap of 2.
    private static float[] TileAt(GrayImage image, int row, int col) =>
        Enumerable.Range(0, 28).SelectMany(y => image.Pixels.AsSpan((row * 30 + y) * image.Width + col * 30, 28).ToArray()).ToArray();

    [Fact]
    public void Traversal_ChangesOneCoordinatePerRow_AndKeepsTheOthersAtMu()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 3 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 10);
        var figure = LatentPaths.Traversal(model, test, index: 4, lo: -2, hi: 2, steps: 5);
        using var scope = torch.NewDisposeScope();
        Tensor mu, expected;
        using (torch.no_grad())
        {
            mu = model.encode(test.Images[4..5]).mu[0];
            var codes = mu.repeat(15, 1);                                       // row j·5 + c: coordinate j set to −2 + c
            for (var j = 0; j < 3; j++)
                for (var c = 0; c < 5; c++) codes[j * 5 + c, j] = -2 + c;
            expected = model.decode(codes).sigmoid();
        }
        for (var k = 0; k < 15; k++)
            Assert.Equal(expected[k].ToArray<float>(), TileAt(figure.Image!, k / 5, k % 5), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Figures_HaveARowPerCoordinate_AndTheInterpolationEndsAtTheImagesAndTheirReconstructions()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 3 });
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 10);
        var traversal = LatentPaths.Traversal(model, test, index: 2, steps: 7);
        Assert.Equal("image", traversal.Kind);
        Assert.Equal((3 * 30 - 2, 7 * 30 - 2), (traversal.Image!.Height, traversal.Image.Width));
        Assert.Equal(["z₁", "z₂", "z₃"], traversal.Layout["yaxis"]!["ticktext"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("0", traversal.Layout["xaxis"]!["ticktext"]![3]!.GetValue<string>());

        var figure = LatentPaths.Interpolation(model, test, from: 0, to: 1, steps: 6);
        var image = figure.Image!;
        Assert.Equal((2 * 30 - 2, 6 * 30 - 2), (image.Height, image.Width));
        using var scope = torch.NewDisposeScope();
        Assert.Equal(test.Images[0].ToArray<float>(), TileAt(image, 1, 0));   // image space: a …
        Assert.Equal(test.Images[1].ToArray<float>(), TileAt(image, 1, 5));   // … to b
        float[] reconstruction;
        using (torch.no_grad()) reconstruction = model.reconstruct(test.Images.narrow(0, 0, 2)).ToArray<float>();
        var first = TileAt(image, 0, 0);   // latent space: decode(μ(a)) …
        var last = TileAt(image, 0, 5);    // … to decode(μ(b))
        Assert.All(Enumerable.Range(0, 784), i => Assert.Equal(reconstruction[i], first[i], 1e-6f));   // the same pixels from batches of another size: GEMM blocking differs in the last bit
        Assert.All(Enumerable.Range(0, 784), i => Assert.Equal(reconstruction[784 + i], last[i], 1e-6f));   // the same pixels from batches of another size: GEMM blocking differs in the last bit
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float v) => 0;
    }
}
