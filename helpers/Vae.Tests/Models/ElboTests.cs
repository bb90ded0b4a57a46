using Vae.Models;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Models;

// The finite-difference test redraws the same ε from one seed for every evaluation.
[Collection(GlobalRandomCollection.Name)]
public class ElboTests
{
    /// <summary>A VAE whose encoder and decoder ignore their input: the ELBO can be computed by hand.</summary>
    private sealed class FixedVae(float[] mu, float[] sigma, float[] logits) : VaeModel(new ModelConfig { Z = 2 })
    {
        public int Decodes { get; private set; }

        public override Posterior encode(Tensor x)
        {
            var n = x.shape[0];
            var m = torch.tensor(mu, [1, 2]).expand(n, 2).contiguous();
            var s = torch.tensor(sigma, [1, 2]).expand(n, 2).contiguous();
            return TestPosterior.FromSigma(m, s);
        }

        public override Tensor decode(Tensor z)
        {
            Decodes++;
            return torch.tensor(logits, [1, logits.Length]).expand(z.shape[0], logits.Length).contiguous();
        }
    }

    private static double Softplus(double v) => Math.Log(1 + Math.Exp(v));

    [Fact]
    public void KlDivergence_MatchesTheClosedFormByHand()
    {
        using var scope = torch.NewDisposeScope();
        var q = TestPosterior.FromSigma(torch.tensor(new float[] { 1, 0, 0.5f, -2 }, [2, 2]), torch.tensor(new float[] { 1, 2, 0.5f, 1 }, [2, 2]));
        var kl = Elbo.kl_divergence(q).ToArray<float>();
        // ½ Σ (μ² + σ² − log σ² − 1)
        var first = 0.5 * ((1 + 1 - 0 - 1) + (0 + 4 - Math.Log(4) - 1));
        var second = 0.5 * ((0.25 + 0.25 - Math.Log(0.25) - 1) + (4 + 1 - 0 - 1));
        Assert.Equal(first, kl[0], 5);
        Assert.Equal(second, kl[1], 5);
    }

    /// <summary>
    /// An encoder trained without the KL term (β = 0) drives its σ head far negative: softplus underflows to 0 there,
    /// and notebook 2's β = 0 model went NaN at epoch 10. log σ² must stay finite (2h), with finite gradients.
    /// </summary>
    [Fact]
    public void SoftplusPosterior_WhereSigmaUnderflows_KeepsAFiniteLogVarianceAndGradient()
    {
        using var scope = torch.NewDisposeScope();
        var h = torch.tensor(new float[] { -200, -30, -20, 0, 5 }, [1, 5]).requires_grad_();
        var q = Posterior.FromSoftplus(torch.zeros([1, 5]), h);
        var logVar = q.log_sigma2.ToArray<float>();
        Assert.Equal(-400f, logVar[0]);
        Assert.Equal(-60f, logVar[1]);
        Assert.Equal(2 * Math.Log(Softplus(-20)), logVar[2], 4);
        Assert.Equal(2 * Math.Log(Softplus(0)), logVar[3], 5);
        Assert.Equal(2 * Math.Log(Softplus(5)), logVar[4], 5);
        var loss = Elbo.kl_divergence(q).sum() * 0.0;   // β = 0
        loss.backward();
        Assert.All(h.grad!.ToArray<float>(), g => Assert.True(float.IsFinite(g), $"gradient {g}"));
        Assert.True(float.IsFinite(Elbo.kl_divergence(q).item<float>()));
    }

    [Fact]
    public void KlDivergence_IsExactlyZeroAtTheStandardNormal()
    {
        using var scope = torch.NewDisposeScope();
        var q = TestPosterior.FromSigma(torch.zeros([3, 5]), torch.ones([3, 5]));
        Assert.All(Elbo.kl_divergence(q).ToArray<float>(), v => Assert.Equal(0f, v));
        var fromLogVar = Posterior.FromLogVar(torch.zeros([3, 5]), torch.zeros([3, 5]));
        Assert.All(Elbo.kl_divergence(fromLogVar).ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ReconstructionLoss_IsTheBernoulliNegativeLogLikelihoodSummedOverPixels()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new float[] { 0, 2, -1, 3 }, [2, 2]);
        var x = torch.tensor(new float[] { 1, 0, 0.25f, 1 }, [2, 2]);
        var loss = Elbo.reconstruction_loss(logits, x).ToArray<float>();
        // −[x log σ(l) + (1 − x) log(1 − σ(l))] = x·softplus(−l) + (1 − x)·softplus(l)
        Assert.Equal(Softplus(0) + Softplus(2), loss[0], 5);
        Assert.Equal(0.25 * Softplus(1) + 0.75 * Softplus(-1) + Softplus(-3), loss[1], 5);
    }

    [Fact]
    public void ReconstructionLoss_StaysFiniteForSaturatedLogits()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new float[] { 100, -100, 100, -100 }, [1, 4]);
        var x = torch.tensor(new float[] { 0, 1, 1, 0 }, [1, 4]);
        // log σ(−100) is −100 exactly in the stable form; log(sigmoid(−100)) in float32 would be −inf.
        Assert.Equal(200f, Elbo.reconstruction_loss(logits, x).item<float>(), 3);
    }

    [Fact]
    public void NegativeElbo_IsReconstructionPlusBetaTimesKlAveragedOverTheBatch()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new FixedVae([1, 0], [1, 2], [0, 2]);
        var x = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        var expectedKl = 0.5 * ((1 + 1 - 0 - 1) + (0 + 4 - Math.Log(4) - 1));
        var expectedReconstruction = ((Softplus(0) + Softplus(2)) + (Softplus(0) + Softplus(-2)) + (Softplus(0) + Softplus(-2))) / 3;
        foreach (var beta in new[] { 0.0, 1.0, 4.0 })
        {
            var terms = Elbo.negative_elbo(model, x, samples: 1, beta: beta);
            Assert.Equal(expectedKl, terms.kl.ToDouble(), 5);
            Assert.Equal(expectedReconstruction, terms.reconstruction.ToDouble(), 5);
            Assert.Equal(expectedReconstruction + beta * expectedKl, terms.loss.ToDouble(), 4);
        }
    }

    [Fact]
    public void ReconstructionLoss_BroadcastsTheImagesOverSamplesOfLogits()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn([3, 4, 784]);               // 3 samples of z for each of 4 images
        var x = torch.rand([4, 784]);
        var broadcast = Elbo.reconstruction_loss(logits, x);
        Assert.Equal(new long[] { 3, 4 }, broadcast.shape);
        for (var s = 0; s < 3; s++)
            Assert.Equal(0.0, (broadcast[s] - Elbo.reconstruction_loss(logits[s], x)).abs().max().item<float>(), 4);
    }

    [Fact]
    public void NegativeElbo_IsTheMeanOfThePerImageTerms()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new FixedVae([1, 0], [1, 2], [0, 2]);
        var x = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        var perImage = Elbo.negative_elbo_per_image(model, x, beta: 4);
        Assert.Equal(new long[] { 3 }, perImage.loss.shape);
        var kl = 0.5 * ((1 + 1 - 0 - 1) + (0 + 4 - Math.Log(4) - 1));
        Assert.Equal(Softplus(0) + Softplus(2) + 4 * kl, perImage.loss[0].ToDouble(), 4);
        Assert.Equal(Softplus(0) + Softplus(-2) + 4 * kl, perImage.loss[1].ToDouble(), 4);
        Assert.Equal(perImage.loss.mean().ToDouble(), Elbo.negative_elbo(model, x, beta: 4).loss.ToDouble(), 5);
    }

    [Fact]
    public void NegativeElbo_DrawsOneDecodePerSample()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new FixedVae([0, 0], [1, 1], [1, -1]);
        var x = torch.ones([4, 2]);
        Elbo.negative_elbo(model, x, samples: 5);
        Assert.Equal(5, model.Decodes);
        Assert.Throws<ArgumentOutOfRangeException>(() => Elbo.negative_elbo(model, x, samples: 0));
    }

    [Fact]
    public void Reparameterization_GradientOfTheElboMatchesFiniteDifferences()
    {
        // d(−ELBO)/dμ through z = μ + σ ⊙ ε with ε fixed by the seed, against central differences.
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [8], Z = 2 });
        using var x = torch.rand([4, 784]);
        double Loss(float[] muValues, out float[] gradient)
        {
            using var scope = torch.NewDisposeScope();
            var mu = torch.tensor(muValues, [4, 2]).requires_grad_();
            var sigma = torch.full([4, 2], 0.7);
            torch.manual_seed(42);
            var q = TestPosterior.FromSigma(mu, sigma);
            var z = q.rsample();
            var loss = (Elbo.reconstruction_loss(model.decode(z), x) + Elbo.kl_divergence(q)).mean();
            loss.backward();
            gradient = mu.grad!.ToArray<float>();
            return loss.ToDouble();
        }
        var point = new float[] { 0.1f, -0.3f, 0.5f, 0.2f, -0.4f, 0.0f, 0.3f, 0.6f };
        Loss(point, out var analytic);
        const float h = 1e-2f;
        for (var i = 0; i < point.Length; i++)
        {
            var plus = (float[])point.Clone();
            var minus = (float[])point.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (Loss(plus, out _) - Loss(minus, out _)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) < 0.02 + 0.02 * Math.Abs(numeric),
                $"d(−ELBO)/dμ[{i}]: backward {analytic[i]}, finite differences {numeric}");
        }
    }
}
