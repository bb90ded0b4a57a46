using Vae.Data;
using Vae.Models;
using TorchSharp;
using Vae.Torch;

using Vae.Analysis;

namespace Vae.Tests.Analysis;

[Collection(GlobalRandomCollection.Name)]
public class CorruptionTests
{
    private static (double Mean, double Std) Moments(float[] v)
    {
        var mean = v.Average(x => (double)x);
        return (mean, Math.Sqrt(v.Average(x => (x - mean) * (x - mean))));
    }

    [Fact]
    public void GaussianNoise_AddsNoiseOfTheGivenStd_Seeded_AndStaysInTheUnitInterval()
    {
        using var scope = torch.NewDisposeScope();
        var gray = torch.full([100, 784], 0.5);
        var noisy = Corruption.GaussianNoise(gray, std: 0.1, seed: 1).ToArray<float>();
        var (mean, std) = Moments(noisy);
        Assert.Equal(0.5, mean, 0.003);
        Assert.Equal(0.1, std, 0.003);
        Assert.Equal(noisy, Corruption.GaussianNoise(gray, 0.1, seed: 1).ToArray<float>());
        Assert.NotEqual(noisy, Corruption.GaussianNoise(gray, 0.1, seed: 2).ToArray<float>());
        Assert.Equal(gray.ToArray<float>(), Corruption.GaussianNoise(gray, 0, seed: 1).ToArray<float>());

        // Black images with s = 1: E[clip(ε, 0, 1)] = φ(0) − φ(1) + P(ε > 1) = 0.39894 − 0.24197 + 0.15866.
        var clipped = Corruption.GaussianNoise(torch.zeros([100, 784]), std: 1, seed: 3).ToArray<float>();
        Assert.All(clipped, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(0.31563, clipped.Average(x => (double)x), 0.004);
        Assert.Throws<ArgumentOutOfRangeException>(() => Corruption.GaussianNoise(gray, -1, seed: 1));
    }

    [Fact]
    public void Mask_ZeroesTheGivenFractionOfPixels_AndKeepsTheRest()
    {
        using var scope = torch.NewDisposeScope();
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 200);
        var x = test.Images.clamp_min(0.01);   // no pixel is 0 before masking
        var masked = Corruption.Mask(x, fraction: 0.3, seed: 1).ToArray<float>();
        var original = x.ToArray<float>();
        Assert.Equal(0.3, masked.Count(v => v == 0) / (double)masked.Length, 0.005);
        Assert.All(Enumerable.Range(0, masked.Length).Where(i => masked[i] != 0), i => Assert.Equal(original[i], masked[i]));
        Assert.Equal(masked, Corruption.Mask(x, 0.3, seed: 1).ToArray<float>());
        Assert.Equal(original, Corruption.Mask(x, 0, seed: 1).ToArray<float>());
        Assert.All(Corruption.Mask(x, 1, seed: 1).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => Corruption.Mask(x, 1.5, seed: 1));
    }

    [Fact]
    public void Denoising_ReconstructsInBatches_AndMeasuresSquaredErrorPerImage()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 2 });
        using var scope = torch.NewDisposeScope();
        var x = torch.rand([25, 784]);
        var whole = model.Batched(x, model.reconstruct, batchSize: 100).ToArray<float>();
        var batched = model.Batched(x, model.reconstruct, batchSize: 7).ToArray<float>();
        Assert.Equal(whole.Length, batched.Length);
        Assert.All(Enumerable.Range(0, whole.Length), i => Assert.Equal(whole[i], batched[i], 1e-6f));   // batches of another size: GEMM blocking differs in the last bit
        // Every pixel 0.5 away: 784 · 0.25 per image.
        Assert.Equal(196.0, Denoising.SquaredError(torch.full([3, 784], 0.5), torch.zeros([3, 784])), 3);
        var table = Denoising.Table(model, x, ("noise", Corruption.GaussianNoise(x, 0.2, seed: 1)));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("0.0", table.Rows[0][1]);
        var figure = Denoising.Figure(model, x, 5, ("noise", Corruption.GaussianNoise(x, 0.2, seed: 1)));
        Assert.Equal((3 * 30 - 2, 5 * 30 - 2), (figure.Image!.Height, figure.Image.Width));   // clean, damaged, reconstructed
    }
}
