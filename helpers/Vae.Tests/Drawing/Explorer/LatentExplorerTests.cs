using TorchSharp;
using Vae.Drawing;
using Vae.Data;
using Vae.Torch;
using Vae.Training;
using Vae.Models;
using Xunit.Abstractions;
using Vae.Drawing.Explorer;
using Vae.Figures;

namespace Vae.Tests.Drawing.Explorer;

[Collection(ExplorerCollection.Name)]
public class LatentExplorerTests(ExplorerModels models, ITestOutputHelper output)
{
    private static IReadOnlyList<LinearWeights> Weights(MlpVae mlp) => [.. mlp.DecoderLayers().Select(l => LinearWeights.From(l.weight, l.bias))];

    [Fact]
    public void DecoderLayersReproduceTheDecoderAndLeaveParameterNamesAlone()
    {
        var mlp = (MlpVae)models.Lecture;
        var layers = Weights(mlp);
        Assert.Equal([(2, 500), (500, 500), (500, 784)], layers.Select(l => (l.InFeatures, l.OutFeatures)));
        Assert.Equal(644_784, layers.Sum(l => l.ParameterCount));
        // The checkpoint format names these; the accessor must not add, drop or rename any.
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "encoder.4.weight", "encoder.4.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias", "decoder.4.weight", "decoder.4.bias"],
            mlp.named_parameters().Select(p => p.name));
        using var codes = torch.tensor(new float[] { 0, 0, 0.5f, -0.5f, -0.9f, 0.8f, 2, 3 }, [4, 2]);
        Assert.True(LatentExplorerPage.PixelError(z => mlp.Batched(z, z => mlp.decode(z).sigmoid()), layers, codes) < 1e-6);
        Assert.True(mlp.training, "the model's mode is left as it was");
    }

    [Fact]
    public void Float16HalvesTheWeightsAndItsMeasuredErrorDecidesThePrecision()
    {
        var automatic = LectureFigures.Explorer(models.Lecture, models.Test, count: 300);
        var float32 = LectureFigures.Explorer(models.Lecture, models.Test, count: 300, precision: WeightPrecision.Float32);
        var layers = Weights((MlpVae)models.Lecture);
        using var codes = torch.tensor(new float[] { 0, 0, 0.5f, -0.5f, -0.9f, 0.8f, 0.99f, -0.99f }, [4, 2]);
        var error = LatentExplorerPage.PixelError(z => models.Lecture.Batched(z, z => models.Lecture.decode(z).sigmoid()), LatentExplorerPage.Round(layers, WeightPrecision.Float16), codes);
        var (small, large) = (automatic.ToHtml().Length, float32.ToHtml().Length);
        output.WriteLine($"lecture decoder {automatic.ParameterCount:N0} weights; float16 pixel error {error:0.000000} ({error * 255:0.000}/255); "
            + $"300 images: float16 output {small / 1e6:0.00} MB, float32 output {large / 1e6:0.00} MB");
        Assert.Equal(WeightPrecision.Float16, automatic.Precision);
        Assert.True(error < LatentExplorer.Float16Tolerance);
        Assert.Equal(2 * automatic.WeightBytes, float32.WeightBytes);
        // base64 carries 4/3 bytes per byte: the 2 bytes a weight saved show up as about 2.67 characters each.
        Assert.InRange(large - small, 2.66 * automatic.ParameterCount, 2.67 * automatic.ParameterCount);
        Assert.InRange(small, 1_000_000, 3_000_000);
        Assert.Contains("float16", automatic.ToHtml());
    }

    [Fact]
    public void TheOutputIsOneSelfContainedFragmentThatDisplaysAsHtml()
    {
        var explorer = LectureFigures.Explorer(models.Lecture, models.Test, count: 50);
        var html = explorer.ToHtml();
        Assert.Equal(1, CountOf(html, "<script"));
        Assert.Equal(1, CountOf(html, "</script"));       // nothing in the embedded script or data ends the element early
        Assert.DoesNotContain("src=", html);               // no file, no CDN
        Assert.DoesNotContain("://", html);                // no URL of any kind (":" is not a base64 character)
        Assert.NotEqual(html[..80], LectureFigures.Explorer(models.Lecture, models.Test, count: 50).ToHtml()[..80]);  // ids differ per output
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
            LectureFigures.Explorer(models.Z4, models.Test, count: 20, dim1: 1, dim2: 1)).Message);
        Assert.Contains("0 … 3", Assert.Throws<ArgumentException>(() =>
            LectureFigures.Explorer(models.Z4, models.Test, count: 20, dim1: 0, dim2: 4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LectureFigures.Explorer(models.Z4, models.Test, count: 20, held: 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => LectureFigures.Explorer(models.Lecture, models.Test, count: 20, range: 0));
        using var conv = VaeModel.Create(new ModelConfig { Kind = ModelKind.Conv });
        var message = Assert.Throws<NotSupportedException>(() => LectureFigures.Explorer(conv, models.Test, count: 20)).Message;
        Assert.Contains("MLP decoders", message);
        Assert.Contains("LectureFigures.LatentSpace", message);
    }

    [Fact]
    public void ADecoderWithHugeOrNonFiniteWeightsIsRefusedBeforeAnyPageIsWritten()
    {
        var layers = Weights((MlpVae)models.Lecture);
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, 1e30f, -70000f })
        {
            var damaged = layers.Select((l, i) => i == 1 ? l with { Weight = [.. l.Weight.Take(10), bad, .. l.Weight.Skip(11)] } : l).ToList();
            var e = Assert.Throws<ArgumentException>(() => new LatentExplorer(damaged, new float[2], [0], [0], new float[784], DataSourceDigits));
            Assert.Contains("Decoder layer 1", e.Message);
            Assert.Contains("not a trained decoder's weights", e.Message);
        }
    }

    [Fact]
    public void TextFromFilesNeverRunsAsScript()
    {
        // A title or class names taken from a file could hold markup: they are written as text, never as HTML or script.
        const string hostile = "</script><script>window.pwned = 1</script><img src=x onerror=alert(1)>";
        var layers = Weights((MlpVae)models.Lecture);
        var explorer = new LatentExplorer(layers, new float[2], [0], [0], new float[784], [hostile], title: hostile);
        var html = explorer.ToHtml();
        Assert.DoesNotContain("<script>window.pwned", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Equal(1, CountOf(html, "</script"));
    }

    private static readonly string[] DataSourceDigits = Vae.Data.DataSource.Digits;

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.OrdinalIgnoreCase).Length) / part.Length;
}
