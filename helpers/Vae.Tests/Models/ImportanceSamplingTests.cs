using Vae.Models;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Training;

namespace Vae.Tests.Models;

public class ImportanceSamplingTests
{
    /// <summary>
    /// q(z|x) = N((0.5, 0), diag(1, 1.5²)) for every image and a decoder that ignores z: p(x|z) = p(x) whatever z,
    /// so log p(x) is known exactly (the sum of the pixels' Bernoulli log-likelihoods) and the ELBO is log p(x) − KL.
    /// </summary>
    private sealed class ConstantDecoder() : VaeModel(new ModelConfig { Z = 2 })
    {
        public static readonly float[] Logits = [0.5f, -1f, 2f];

        public override Posterior encode(Tensor x)
        {
            var n = x.shape[0];
            return TestPosterior.FromSigma(torch.tensor(new float[] { 0.5f, 0 }, [1, 2]).expand(n, 2).contiguous(),
                torch.tensor(new float[] { 1, 1.5f }, [1, 2]).expand(n, 2).contiguous());
        }

        public override Tensor decode(Tensor z) =>
            torch.tensor(Logits, [1, 3]).expand(z.shape[0], 3).contiguous();
    }

    /// <summary>
    /// One coordinate that matters: every pixel is on with probability sigmoid(z₁), so log p(x) = log ∫ N(z₁; 0, 1)
    /// σ(z₁)^r σ(−z₁)^(P − r) dz₁ for an image with r of its P pixels on — a one-dimensional integral to check against.
    /// The encoder guesses q(z₁|x) = N(4·mean(x) − 2, 1) and q(z₂|x) = N(0, 1), the prior.
    /// </summary>
    private sealed class OneCoordinate() : VaeModel(new ModelConfig { Z = 2 })
    {
        public override Posterior encode(Tensor x)
        {
            using var mean = x.mean([1], keepdim: true);
            using var mu1 = mean * 4 - 2;
            using var zero = torch.zeros_like(mu1);
            var mu = torch.cat([mu1, zero], 1);
            return TestPosterior.FromSigma(mu, torch.ones_like(mu));
        }

        public override Tensor decode(Tensor z)
        {
            using var z1 = z.narrow(1, 0, 1);
            return z1.expand(z.shape[0], Pixels).contiguous();
        }

        public const int Pixels = 20;

        public static double ExactLogPx(int on)
        {
            // Trapezoid rule on [−12, 12]; the integrand is smooth and negligible beyond.
            const int steps = 24_000;
            double h = 24.0 / steps, sum = 0;
            for (var i = 0; i <= steps; i++)
            {
                var z = -12 + i * h;
                var log = -0.5 * z * z - 0.5 * Math.Log(2 * Math.PI) + on * LogSigmoid(z) + (Pixels - on) * LogSigmoid(-z);
                sum += (i is 0 or steps ? 0.5 : 1) * Math.Exp(log);
            }
            return Math.Log(sum * h);
        }
    }

    private static double LogSigmoid(double v) => -Math.Log(1 + Math.Exp(-v));

    [Fact]
    public void OneCoordinateModel_TheEstimateMatchesTheIntegral_ImageByImage_HoweverTheSamplesAreChunked()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new OneCoordinate();
        // Image r has its first r pixels on: log p(x) runs from about −1 to −14 nats, different for every image.
        var pixels = new float[(OneCoordinate.Pixels + 1) * OneCoordinate.Pixels];
        for (var r = 0; r <= OneCoordinate.Pixels; r++)
            for (var i = 0; i < r; i++) pixels[r * OneCoordinate.Pixels + i] = 1;
        var x = torch.tensor(pixels, [OneCoordinate.Pixels + 1, OneCoordinate.Pixels]);
        var exact = Enumerable.Range(0, OneCoordinate.Pixels + 1).Select(OneCoordinate.ExactLogPx).ToArray();
        foreach (var rows in new[] { 100, 1_000_000 })   // 4 samples per chunk, or all at once
        {
            var estimates = ImportanceSampling.log_px(ImportanceSampling.log_weights(model, x, 4000, rows), 4000).ToArray<float>();
            for (var r = 0; r <= OneCoordinate.Pixels; r++)
                Assert.True(Math.Abs(exact[r] - estimates[r]) < 0.05, $"image {r} (rows {rows}): exact log p(x) {exact[r]:F3}, estimate {estimates[r]:F3}");
        }
    }

    [Fact]
    public void ConstantDecoder_TheEstimateConvergesToTheExactLogLikelihood_AndTheMeanLogWeightIsTheElbo()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new ConstantDecoder();
        var x = torch.tensor(new float[] { 1, 0, 1 }, [1, 3]).expand(50, 3).contiguous();
        // log p(x) = Σ x log σ(ℓ) + (1 − x) log σ(−ℓ)
        var exact = LogSigmoid(0.5) + LogSigmoid(1) + LogSigmoid(2);
        var kl = 0.5 * ((0.25 + 1 - 0 - 1) + (0 + 2.25 - Math.Log(2.25) - 1));
        torch.manual_seed(3);
        var logWeights = ImportanceSampling.log_weights(model, x, 4000, rows: 20_000);
        Assert.Equal(new long[] { 50, 4000 }, logWeights.shape);
        var estimates = ImportanceSampling.log_px(logWeights, 4000).ToArray<float>();
        Assert.All(estimates, e => Assert.Equal(exact, e, 0.1));
        Assert.Equal(exact, estimates.Average(), 0.02);
        // E_q[log w] = E_q[log p(x|z)] − KL(q ‖ p) = log p(x) − KL.
        Assert.Equal(exact - kl, logWeights.mean().ToDouble(), 0.01);
    }

    [Fact]
    public void TrainedModel_TheEstimateLiesAboveTheElboAndRisesWithK()
    {
        var config = new TrainingConfig { Model = new ModelConfig { Hidden = [64], Z = 8 }, Epochs = 1, Subset = 1024, TestSubset = 128, Device = "cpu" };
        using var trainer = Trainer.Create(config);
        trainer.Run();
        using var scope = torch.NewDisposeScope();
        var x = trainer.TestSet.Images.narrow(0, 0, 64);
        torch.manual_seed(1);
        var logWeights = ImportanceSampling.log_weights(trainer.Model, x, 200, rows: 1000);
        var elbo = logWeights.mean().ToDouble();
        var estimates = new[] { 1, 10, 50, 200 }.Select(k => ImportanceSampling.log_px(logWeights, k).mean().ToDouble()).ToArray();
        Assert.Equal(elbo, estimates[0], Math.Abs(elbo) * 0.02);   // one sample: a one-sample ELBO
        for (var i = 1; i < estimates.Length; i++)
            Assert.True(estimates[i] > estimates[i - 1], $"log p̂_k averaged over images should rise with k: {string.Join(", ", estimates)}");
        Assert.True(estimates[^1] > elbo + 0.5, $"log p̂_200 {estimates[^1]} should lie clearly above the ELBO {elbo}");
        Assert.True(trainer.Model.training, "the model's training mode is restored");
    }

    [Fact]
    public void BadSampleCounts_AreRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new ConstantDecoder();
        var x = torch.ones([2, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImportanceSampling.log_weights(model, x, 0));
        var w = torch.zeros([2, 5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImportanceSampling.log_px(w, 6));
        Assert.Equal(-Math.Log(1.0), ImportanceSampling.log_px(w, 5).ToArray<float>()[0] - 0, 5);   // logsumexp of five zeros − log 5 = 0
    }
}
