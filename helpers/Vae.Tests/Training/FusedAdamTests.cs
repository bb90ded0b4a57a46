using Vae.Training;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Training;

/// <summary>Our fused Adam against Adam by hand and against TorchSharp's own Adam, on the same gradients.</summary>
public class FusedAdamTests
{
    [Fact]
    public void TwoSteps_MatchTheFormulaByHand()
    {
        using var scope = NewDisposeScope();
        var p = tensor(new float[] { 1, -2, 3 }).requires_grad_();
        using var adam = new FusedAdam([p], lr: 0.1);
        double[] x = [1, -2, 3], m = [0, 0, 0], v = [0, 0, 0];
        double[][] gradients = [[0.5, -1, 2], [1, 1, -0.25]];
        for (var t = 1; t <= 2; t++)
        {
            var g = gradients[t - 1];
            adam.zero_grad();
            (p * tensor(g.Select(d => (float)d).ToArray())).sum().backward();
            adam.step();
            for (var i = 0; i < 3; i++)
            {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                var mHat = m[i] / (1 - Math.Pow(0.9, t));
                var vHat = v[i] / (1 - Math.Pow(0.999, t));
                x[i] -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
            var actual = p.detach().ToArray<float>();
            for (var i = 0; i < 3; i++) Assert.Equal(x[i], actual[i], 5);
        }
    }

    /// <summary>
    /// The parameters of a real MLP, 50 steps of the same random gradients given to both: every parameter within float
    /// rounding of TorchSharp's Adam (the same gradients, so that rounding is not amplified through the network).
    /// </summary>
    [Theory]
    [InlineData(1e-3)]
    [InlineData(3e-2)]
    public void FiftySteps_MatchTorchSharpsAdamToFloatRounding(double lr)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        // 370 × 190 weights: above the size from which the update is split between threads; the rest below it.
        var ours = nn.Sequential(nn.Linear(370, 190), nn.ReLU(), nn.Linear(190, 5));
        var theirs = nn.Sequential(nn.Linear(370, 190), nn.ReLU(), nn.Linear(190, 5));
        theirs.load_state_dict(ours.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone()));
        using var fused = new FusedAdam(ours.parameters(), lr: lr);
        var stock = optim.Adam(theirs.parameters(), lr: lr);
        for (var step = 0; step < 50; step++)
        {
            foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
            {
                var g = randn(a.shape) * (step % 7 + 1) * 0.1;
                a.grad = g.clone();
                b.grad = g.clone();
            }
            fused.step();
            stock.step();
        }
        foreach (var ((name, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
        {
            // A step's update rounds differently by up to a few ulps (2.4e-7 at 1.5 after one step, measured), so
            // the two may drift apart by that much a step: 50 steps × 4 ulps, relative.
            var difference = ((a - b).abs().max() / a.abs().max()).item<float>();
            Assert.True(difference < 50 * 4 * 1.2e-7f, $"{name}: largest relative difference {difference}");
        }
    }

    [Fact]
    public void Float64Parameters_TakeTheTensorPath_WithTheSameResult()
    {
        using var scope = NewDisposeScope();
        var p32 = tensor(new float[] { 0.5f, -1.5f }).requires_grad_();
        var p64 = tensor(new double[] { 0.5, -1.5 }).requires_grad_();
        using var a32 = new FusedAdam([p32], lr: 0.01);
        using var a64 = new FusedAdam([p64], lr: 0.01);
        for (var i = 0; i < 5; i++)
        {
            a32.zero_grad();
            a64.zero_grad();
            (p32 * p32 * 3).sum().backward();
            (p64 * p64 * 3).sum().backward();
            a32.step();
            a64.step();
        }
        Assert.Equal(p64.ToArray<double>(), p32.to(float64).ToArray<double>(), new DoubleTolerance(1e-6));
    }

    [Fact]
    public void StateDict_RoundTrip_ContinuesExactlyAsTheOriginal()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }).requires_grad_();
        var b = tensor(new float[] { 1, 2, 3, 4 }).requires_grad_();
        using var first = new FusedAdam([a], lr: 0.05);
        using var second = new FusedAdam([b], lr: 0.05);
        void Step(FusedAdam adam, Tensor p, float scale)
        {
            adam.zero_grad();
            (p.square() * scale).sum().backward();
            adam.step();
        }
        Step(first, a, 1);
        Step(first, a, 2);
        b.detach().copy_(a.detach());
        second.load_state_dict(first.state_dict());
        Step(first, a, 3);
        Step(second, b, 3);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
        var state = first.state_dict();
        Assert.Equal(3L, state["state.0.step"].item<long>());
        Assert.Equal(["state.0.exp_avg", "state.0.exp_avg_sq", "state.0.step"], state.Keys.Order());
    }

    [Fact]
    public void LoadStateDict_RejectsWrongShapesAndKeys_NamingThem()
    {
        using var scope = NewDisposeScope();
        var p = zeros(3).requires_grad_();
        using var adam = new FusedAdam([p]);
        var wrongShape = new Dictionary<string, Tensor>
        {
            ["state.0.step"] = tensor(new long[] { 1 }), ["state.0.exp_avg"] = zeros(4), ["state.0.exp_avg_sq"] = zeros(3),
        };
        Assert.Contains("'state.0.exp_avg' is Float32 [4] but parameter 0 is Float32 [3]",
            Assert.Throws<InvalidDataException>(() => adam.load_state_dict(wrongShape)).Message);
        var wrongKey = new Dictionary<string, Tensor> { ["state.7.step"] = tensor(new long[] { 1 }) };
        Assert.Contains("'state.7.step'", Assert.Throws<InvalidDataException>(() => adam.load_state_dict(wrongKey)).Message);
    }

    /// <summary>
    /// One step with gradient (1, −1), then hundreds with gradient 0, as the weights of MNIST's black border pixels
    /// get: m = 0.1·0.9ⁿ passes below the smallest normal float after ~850 steps. The fused step stores it as 0
    /// rather than as a subnormal float, whose arithmetic is many times slower on x86.
    /// </summary>
    [Fact]
    public void MomentsThatDecayBelowTheSmallestNormalFloat_BecomeZero()
    {
        using var scope = NewDisposeScope();
        var p = tensor(new float[] { 1, -1, 0.5f }).requires_grad_();
        using var adam = new FusedAdam([p], lr: 1e-3);
        float[] Step(float[] g)
        {
            using var stepScope = NewDisposeScope();
            adam.zero_grad();
            (p * tensor(g)).sum().backward();
            adam.step();
            return adam.state_dict()["state.0.exp_avg"].ToArray<float>();
        }
        const float smallestNormal = 1.17549435e-38f;
        Assert.Equal(0.1f, Step([1, -1, 1])[0], 6);
        float[] m = [];
        for (var i = 0; i < 1000; i++)
        {
            m = Step([0, 0, 1]);
            Assert.True(m[0] == 0 || Math.Abs(m[0]) >= smallestNormal, $"step {i + 2}: exp_avg {m[0]} is subnormal");
        }
        Assert.Equal(0f, m[0]);
        Assert.Equal(0f, m[1]);
        Assert.Equal(1f, m[2], 4);   // a steady gradient keeps its moment
    }

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
