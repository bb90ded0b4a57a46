using TorchSharp;
using Vae.Figures;
using Vae.Models;
using Xunit.Abstractions;

namespace Vae.Tests.Figures;

[Collection(ExplorerCollection.Name)]
public class LatentExplorerTests(ExplorerModels models, ITestOutputHelper output)
{
    [Fact]
    public void DecoderLayersReproduceTheDecoderAndLeaveParameterNamesAlone()
    {
        var mlp = (MlpVae)models.Lecture;
        var layers = mlp.DecoderLayers();
        Assert.Equal([(2, 500), (500, 500), (500, 784)], layers.Select(l => (l.InFeatures, l.OutFeatures)));
        Assert.Equal(644_784, layers.Sum(l => l.ParameterCount));
        // The checkpoint format names these; the accessor must not add, drop or rename any.
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias", "decoder.4.weight", "decoder.4.bias",
            "mu.weight", "mu.bias", "sigma.weight", "sigma.bias"],
            mlp.named_parameters().Select(p => p.name));
        var codes = new float[] { 0, 0, 0.5f, -0.5f, -0.9f, 0.8f, 2, 3 };
        Assert.True(LatentExploration.PixelError(mlp, layers, codes) < 1e-6);
        Assert.True(mlp.training, "the model's mode is left as it was");
    }

    [Fact]
    public void Float16HalvesTheWeightsAndItsMeasuredErrorDecidesThePrecision()
    {
        var automatic = LatentExploration.Explorer(models.Lecture, models.Test, count: 300);
        var float32 = LatentExploration.Explorer(models.Lecture, models.Test, count: 300, precision: WeightPrecision.Float32);
        var layers = ((MlpVae)models.Lecture).DecoderLayers();
        var error = LatentExploration.PixelError(models.Lecture, LatentExplorer.Round(layers, WeightPrecision.Float16),
            [0, 0, 0.5f, -0.5f, -0.9f, 0.8f, 0.99f, -0.99f]);
        var (small, large) = (automatic.ToHtml().Length, float32.ToHtml().Length);
        output.WriteLine($"lecture decoder {automatic.ParameterCount:N0} weights; float16 pixel error {error:0.000000} ({error * 255:0.000}/255); "
            + $"300 images: float16 output {small / 1e6:0.00} MB, float32 output {large / 1e6:0.00} MB");
        Assert.Equal(WeightPrecision.Float16, automatic.Precision);
        Assert.True(error < LatentExploration.Float16Tolerance);
        Assert.Equal(2 * automatic.WeightBytes, float32.WeightBytes);
        // base64 carries 4/3 bytes per byte: the 2 bytes a weight saved show up as about 2.67 characters each.
        Assert.InRange(large - small, 2.66 * automatic.ParameterCount, 2.67 * automatic.ParameterCount);
        Assert.InRange(small, 1_000_000, 3_000_000);
        Assert.Contains("float16", automatic.ToHtml());
    }

    [Fact]
    public void TheOutputIsOneSelfContainedFragmentThatDisplaysAsHtml()
    {
        var explorer = LatentExploration.Explorer(models.Lecture, models.Test, count: 50);
        var html = explorer.ToHtml();
        Assert.Equal(1, CountOf(html, "<script"));
        Assert.Equal(1, CountOf(html, "</script"));       // nothing in the embedded script or data ends the element early
        Assert.DoesNotContain("src=", html);               // no file, no CDN
        Assert.DoesNotContain("://", html);                // no URL of any kind (":" is not a base64 character)
        Assert.NotEqual(html[..80], LatentExploration.Explorer(models.Lecture, models.Test, count: 50).ToHtml()[..80]);  // ids differ per output
        Assert.StartsWith("<!DOCTYPE html>", explorer.ToStandaloneHtml());
        var path = Path.Combine(TestPaths.TempDirectory("explorer"), "latent-explorer.html");
        explorer.SaveHtml(path);
        var saved = File.ReadAllText(path);
        Assert.Contains("class=\"vae-explorer\"", saved);
        Assert.Contains(explorer.Title, saved);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Contains("two different latent coordinates", Assert.Throws<ArgumentException>(() =>
            LatentExploration.Explorer(models.Z4, models.Test, count: 20, dim1: 1, dim2: 1)).Message);
        Assert.Contains("0 … 3", Assert.Throws<ArgumentException>(() =>
            LatentExploration.Explorer(models.Z4, models.Test, count: 20, dim1: 0, dim2: 4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentExploration.Explorer(models.Z4, models.Test, count: 20, held: 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentExploration.Explorer(models.Lecture, models.Test, count: 20, range: 0));
        using var conv = VaeModel.Create(new ModelConfig { Kind = "conv" });
        var message = Assert.Throws<NotSupportedException>(() => LatentExploration.Explorer(conv, models.Test, count: 20)).Message;
        Assert.Contains("MLP decoders", message);
        Assert.Contains("VaePlots.LatentSpace", message);
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.OrdinalIgnoreCase).Length) / part.Length;
}
