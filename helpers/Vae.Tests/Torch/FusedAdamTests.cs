using Vae.Torch;

namespace Vae.Tests.Torch;

public class FusedAdamTests
{
    /// <summary>
    /// One step with gradient (1, −1), then hundreds with gradient 0, as the weights of MNIST's black border pixels
    /// get: m = 0.1·0.9ⁿ passes below the smallest normal float after ~850 steps. The fused step stores it as 0
    /// rather than as a subnormal float, whose arithmetic is many times slower on x86.
    /// </summary>
    [Fact]
    public void MomentsThatDecayBelowTheSmallestNormalFloat_BecomeZero()
    {
        using var p = torch.tensor(new float[] { 1, -1, 0.5f }).requires_grad_();
        using var adam = torch.optim.Adam([p], lr: 1e-3, fused: true);
        float[] Step(float[] g)
        {
            using var scope = torch.NewDisposeScope();
            adam.zero_grad();
            (p * torch.tensor(g)).sum().backward();
            adam.step();
            var state = adam.state_dict();
            try { return state["state.0.exp_avg"].data<float>(); }
            finally { foreach (var t in state.Values) t.Dispose(); }
        }
        const float smallestNormal = 1.17549435e-38f;
        Assert.Equal(0.1f, Step([1, -1, 1])[0], 6);
        float[] m = [];
        for (var i = 0; i < 1000; i++)
        {
            m = Step([0, 0, 1]);
            Assert.True(m[0] == 0 || Math.Abs(m[0]) >= smallestNormal, $"step {i + 2}: exp_avg {m[0]} is subnormal");
        }
        // 0.1 · 0.9¹⁰⁰⁰ ≈ 2e-47; libtorch's own step would leave the smallest subnormal, 1.4e-45, there for good.
        Assert.Equal(0f, m[0]);
        Assert.Equal(0f, m[1]);
        Assert.Equal(1f, m[2], 4);   // a steady gradient keeps its moment
    }
}
