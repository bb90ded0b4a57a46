using Vae.Torch;
using F = Vae.Torch.torch.nn.functional;

namespace Vae.Tests.Torch;

/// <summary>libtorch's Adam against its formula worked by hand, and its state round trip.</summary>
public class AdamTests
{
    private static readonly double[] C = [0.3, -0.2, 1.0];

    /// <summary>loss(p) = Σ cᵢ pᵢ + Σ pᵢ³ / 3, so ∇loss = c + p².</summary>
    private static Tensor Loss(Tensor p)
    {
        using var c = torch.tensor(C);
        using var linear = (c * p).sum();
        using var cubic = p.pow(3).sum();
        using var third = cubic / 3;
        return linear + third;
    }

    /// <summary>Adam by its definition: bias-corrected moments m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), L2 weight decay added to the gradient.</summary>
    private static (double[] P, double[] M, double[] V) ByHand(double[] p0, int steps, double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        var p = (double[])p0.Clone();
        var m = new double[p.Length];
        var v = new double[p.Length];
        for (var t = 1; t <= steps; t++)
            for (var i = 0; i < p.Length; i++)
            {
                var g = C[i] + p[i] * p[i] + weightDecay * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                var mHat = m[i] / (1 - Math.Pow(beta1, t));
                var vHat = v[i] / (1 - Math.Pow(beta2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        return (p, m, v);
    }

    private static void Step(Adam adam, Tensor p)
    {
        adam.zero_grad();
        using var loss = Loss(p);
        loss.backward();
        adam.step();
    }

    [Fact]
    public void TwoSteps_MatchTheFormula()
    {
        using var scope = torch.NewDisposeScope();
        double[] p0 = [0.5, -1.0, 2.0];
        var p = torch.tensor(p0).requires_grad_();
        using var adam = torch.optim.Adam([p], lr: 0.1, beta1: 0.8, beta2: 0.95, eps: 1e-3, weight_decay: 0.1);

        Step(adam, p);
        var (p1, m1, v1) = ByHand(p0, 1, 0.1, 0.8, 0.95, 1e-3, 0.1);
        Expect.Close(p1, p.data<double>(), 1e-12);
        var state = adam.state_dict();
        Assert.Equal(1L, state["state.0.step"].item<long>());
        Expect.Close(m1, state["state.0.exp_avg"].data<double>(), 1e-12);
        Expect.Close(v1, state["state.0.exp_avg_sq"].data<double>(), 1e-12);

        Step(adam, p);
        var (p2, m2, v2) = ByHand(p0, 2, 0.1, 0.8, 0.95, 1e-3, 0.1);
        Expect.Close(p2, p.data<double>(), 1e-12);
        state = adam.state_dict();
        Assert.Equal(2L, state["state.0.step"].item<long>());
        Expect.Close(m2, state["state.0.exp_avg"].data<double>(), 1e-12);
        Expect.Close(v2, state["state.0.exp_avg_sq"].data<double>(), 1e-12);
        Assert.Equal(3, state.Count);
    }

    [Fact]
    public void DefaultOptions_FirstStepMovesEachParameterByAboutLr()
    {
        using var scope = torch.NewDisposeScope();
        double[] p0 = [0.5, -1.0, 2.0];
        var p = torch.tensor(p0).requires_grad_();
        using var adam = torch.optim.Adam([p]);
        Step(adam, p);
        var (expected, _, _) = ByHand(p0, 1, 1e-3, 0.9, 0.999, 1e-8, 0);
        Expect.Close(expected, p.data<double>(), 1e-12);
        // On the first step m̂ = g and v̂ = g², so every parameter moves by lr against its gradient's sign.
        Expect.Close(p0.Select((v, i) => v - 1e-3 * Math.Sign(C[i] + v * v)).ToArray(), p.data<double>(), 1e-9);
    }

    [Fact]
    public void Lr_CanBeChangedBetweenSteps()
    {
        using var scope = torch.NewDisposeScope();
        double[] p0 = [0.5, -1.0, 2.0];
        var p = torch.tensor(p0).requires_grad_();
        using var adam = torch.optim.Adam([p], lr: 0.1);
        adam.lr = 0.01;
        Assert.Equal(0.01, adam.lr);
        Step(adam, p);
        var (expected, _, _) = ByHand(p0, 1, 0.01, 0.9, 0.999, 1e-8, 0);
        Expect.Close(expected, p.data<double>(), 1e-12);
    }

    [Fact]
    public void ZeroGrad_DropsGradients_AndStepWithoutGradientsChangesNothing()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        using var adam = torch.optim.Adam([p]);
        p.sum().backward();
        Assert.NotNull(p.grad);
        adam.zero_grad();
        Assert.Null(p.grad);
        adam.step();
        Assert.Equal(new double[] { 1, 2 }, p.data<double>());
        Assert.Empty(adam.state_dict());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadStateDict_FreshOptimizerContinuesExactlyAsTheOriginal(bool amsgrad)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 0.1f, -0.4f, 1.2f, 0.7f, 0.0f, -1.1f, 0.3f, 0.9f, -0.6f, 1.5f, -0.2f, 0.4f }, [4, 3]);
        var target = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1, 0, 0 }, [4, 2]);
        var w = torch.tensor(new float[] { 0.2f, -0.1f, 0.4f, 0.3f, -0.5f, 0.1f }, [3, 2]).requires_grad_();
        var b = torch.zeros([2], requires_grad: true);
        void Train(Adam adam, Tensor weight, Tensor bias, int steps)
        {
            for (var i = 0; i < steps; i++)
            {
                using var stepScope = torch.NewDisposeScope();
                adam.zero_grad();
                F.mse_loss(x.matmul(weight) + bias, target).backward();
                adam.step();
            }
        }

        using var original = torch.optim.Adam([w, b], lr: 0.05, weight_decay: 0.01, amsgrad: amsgrad);
        Train(original, w, b, 2);
        var state = original.state_dict();
        var (w2, b2) = (w.detach().clone().requires_grad_(), b.detach().clone().requires_grad_());
        var expectedKeys = new[] { "step", "exp_avg", "exp_avg_sq" }.Concat(amsgrad ? new[] { "max_exp_avg_sq" } : Array.Empty<string>())
            .SelectMany(k => new[] { $"state.0.{k}", $"state.1.{k}" }).Order();
        Assert.Equal(expectedKeys, state.Keys.Order());
        Assert.Equal(2L, state["state.1.step"].item<long>());

        // The original goes on; the saved state must not move with it.
        var saved = state.ToDictionary(kv => kv.Key, kv => Expect.Values(kv.Value));
        Train(original, w, b, 3);
        Assert.All(state, kv => Assert.Equal(saved[kv.Key], Expect.Values(kv.Value)));

        using var resumed = torch.optim.Adam([w2, b2], lr: 0.05, weight_decay: 0.01, amsgrad: amsgrad);
        resumed.load_state_dict(state);
        Train(resumed, w2, b2, 3);
        Assert.Equal(w.data<float>(), w2.data<float>());
        Assert.Equal(b.data<float>(), b2.data<float>());
        Assert.Equal(5L, resumed.state_dict()["state.0.step"].item<long>());
    }

    [Fact]
    public void LoadStateDict_WithoutState_RestartsTheMoments()
    {
        using var scope = torch.NewDisposeScope();
        double[] p0 = [0.5, -1.0, 2.0];
        var p = torch.tensor(p0).requires_grad_();
        using var adam = torch.optim.Adam([p], lr: 0.1);
        var empty = adam.state_dict();
        Step(adam, p);
        var q = torch.tensor(p0).requires_grad_();
        using var fresh = torch.optim.Adam([q], lr: 0.1);
        fresh.load_state_dict(empty);
        Step(fresh, q);
        Assert.Equal(p.data<double>(), q.data<double>());
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.01, false)]
    [InlineData(0.0, true)]
    [InlineData(0.01, true)]
    public void FusedSteps_MatchLibtorchsStepsToFloatRounding(double weightDecay, bool amsgrad)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var start = torch.randn([1000]);
        var target = torch.randn([1000]);
        var plain = start.clone().requires_grad_();
        var fused = start.clone().requires_grad_();
        using var a = torch.optim.Adam([plain], lr: 0.01, weight_decay: weightDecay, amsgrad: amsgrad);
        using var b = torch.optim.Adam([fused], lr: 0.01, weight_decay: weightDecay, amsgrad: amsgrad, fused: true);
        for (var step = 0; step < 20; step++)
            foreach (var (adam, p) in new[] { (a, plain), (b, fused) })
            {
                adam.zero_grad();
                using var loss = ((p - target).square() * (p + 2)).sum();
                loss.backward();
                adam.step();
            }
        Expect.Close(plain.data<float>().Select(v => (double)v).ToArray(), fused.data<float>().Select(v => (double)v).ToArray(), 1e-5);
        var plainState = a.state_dict();
        var fusedState = b.state_dict();
        Assert.Equal(plainState.Keys.Order(), fusedState.Keys.Order());
        Assert.Equal(20L, fusedState["state.0.step"].item<long>());
        Expect.Close(plainState["state.0.exp_avg_sq"].data<float>().Select(v => (double)v).ToArray(),
            fusedState["state.0.exp_avg_sq"].data<float>().Select(v => (double)v).ToArray(), 1e-5);
    }

    [Fact]
    public void Fused_OnFloat64Parameters_FallsBackToLibtorchsStep()
    {
        using var scope = torch.NewDisposeScope();
        double[] p0 = [0.5, -1.0, 2.0];
        var p = torch.tensor(p0).requires_grad_();
        using var adam = torch.optim.Adam([p], lr: 0.1, fused: true);
        Step(adam, p);
        Step(adam, p);
        var (expected, _, _) = ByHand(p0, 2, 0.1, 0.9, 0.999, 1e-8, 0);
        Expect.Close(expected, p.data<double>(), 1e-12);
    }
}
