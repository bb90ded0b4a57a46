using Vae.Torch;
using static Vae.Tests.Torch.GradCheck;
using F = Vae.Torch.torch.nn.functional;
using Reduction = Vae.Torch.torch.nn.Reduction;

namespace Vae.Tests.Torch;

/// <summary>Autograd gradients of every differentiable op against central finite differences in float64, and autograd mechanics.</summary>
public class GradientTests
{
    private static readonly long[] M = [2, 3];
    private static GradInput U(long[] shape, int seed = 1, double low = -1, double high = 1) => GradInput.Uniform(shape, low, high, seed);
    private static GradInput Positive(long[] shape, int seed = 1) => GradInput.Uniform(shape, 0.5, 2, seed);
    private static GradInput Kinked(long[] shape, int seed = 1) => GradInput.AwayFromZero(shape, seed);
    private static Tensor Const(GradInput input) => torch.tensor(input.Values, input.Shape);
    private static Tensor Ints(params long[] values) => torch.tensor(values);

    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, GradInput[] Inputs)> Cases = new()
    {
        // element-wise
        ["neg"] = (x => Weighted(-x[0]), [U(M)]),
        ["exp"] = (x => Weighted(x[0].exp()), [U(M)]),
        ["log"] = (x => Weighted(x[0].log()), [Positive(M)]),
        ["log1p"] = (x => Weighted(x[0].log1p()), [U(M, 2, -0.5, 1)]),
        ["sqrt"] = (x => Weighted(x[0].sqrt()), [Positive(M)]),
        ["square"] = (x => Weighted(x[0].square()), [U(M)]),
        ["abs"] = (x => Weighted(x[0].abs()), [Kinked(M)]),
        ["sigmoid"] = (x => Weighted(x[0].sigmoid()), [U(M, 1, -3, 3)]),
        ["relu"] = (x => Weighted(x[0].relu()), [Kinked(M)]),
        ["tanh"] = (x => Weighted(x[0].tanh()), [U(M, 1, -2, 2)]),
        ["softplus"] = (x => Weighted(x[0].softplus()), [U(M, 1, -3, 3)]),
        ["softplus beta threshold"] = (x => Weighted(F.softplus(x[0], beta: 2, threshold: 1)), [Kinked([3, 4], 3)]),
        ["clamp"] = (x => Weighted(x[0].clamp(-0.5, 0.5)), [Kinked([3, 4], 4)]),
        ["clamp_min"] = (x => Weighted(x[0].clamp_min(0.05)), [Kinked([3, 4], 5)]),
        ["pow scalar"] = (x => Weighted(x[0].pow(3)), [U(M)]),
        ["pow fractional"] = (x => Weighted(x[0].pow(1.5)), [Positive(M)]),
        ["pow tensor"] = (x => Weighted(x[0].pow(x[1])), [Positive(M), U(M, 2)]),
        ["maximum minimum"] = (x => Weighted(x[0].maximum(x[1]) + 2 * x[0].minimum(x[1])), [U(M, 1), U(M, 2)]),
        ["where"] = (x => Weighted(torch.where(Const(U(M, 9)).gt(0), x[0], x[1] * 3)), [U(M, 1), U(M, 2)]),
        // operators with broadcasting and scalars
        ["add broadcast"] = (x => Weighted(x[0] + x[1]), [U(M, 1), U([3], 2)]),
        ["sub broadcast"] = (x => Weighted(x[0] - x[1]), [U(M, 1), U([2, 1], 2)]),
        ["mul broadcast"] = (x => Weighted(x[0] * x[1]), [U(M, 1), U([3], 2)]),
        ["div broadcast"] = (x => Weighted(x[0] / x[1]), [U(M, 1), Positive([2, 1], 2)]),
        ["scalar operators"] = (x => Weighted((x[0] + 2) * 3 - 1 / (x[0] + 2) + (4 - x[0]) / 5 - 0.5 * x[0]), [U(M)]),
        ["matmul"] = (x => Weighted(x[0].matmul(x[1])), [U([2, 3], 1), U([3, 4], 2)]),
        ["matmul vector"] = (x => Weighted(x[0].matmul(x[1])), [U([3], 1), U([3, 2], 2)]),
        ["matmul batched"] = (x => Weighted(x[0].matmul(x[1])), [U([2, 2, 3], 1), U([3, 2], 2)]),
        // reductions
        ["sum"] = (x => (x[0] * x[0]).sum(), [U(M)]),
        ["sum dim"] = (x => Weighted(x[0].sum(1)), [U(M)]),
        ["sum dims keepdim"] = (x => Weighted(x[0].sum([0, 2], keepdim: true)), [U([2, 3, 2])]),
        ["mean"] = (x => x[0].exp().mean(), [U(M)]),
        ["mean dim keepdim"] = (x => Weighted(x[0].mean(0, keepdim: true)), [U(M)]),
        ["amax"] = (x => x[0].amax() * 2, [U(M)]),
        ["amax dim"] = (x => Weighted(x[0].amax(1)), [U(M)]),
        ["amin dim keepdim"] = (x => Weighted(x[0].amin(0, keepdim: true)), [U(M)]),
        ["logsumexp"] = (x => Weighted(x[0].logsumexp(1)), [U(M, 1, -2, 2)]),
        ["var"] = (x => x[0].var(), [U(M)]),
        ["var dim"] = (x => Weighted(x[0].var(1)), [U(M)]),
        ["std"] = (x => x[0].std(), [U(M)]),
        ["std dim keepdim"] = (x => Weighted(x[0].std(0, keepdim: true)), [U([3, 2])]),
        // shapes and indexing
        ["reshape"] = (x => Weighted(x[0].reshape(3, 2)), [U(M)]),
        ["view"] = (x => Weighted(x[0].view(-1)), [U(M)]),
        ["flatten"] = (x => Weighted(x[0].flatten(1)), [U([2, 2, 3])]),
        ["permute"] = (x => Weighted(x[0].permute(2, 0, 1)), [U([2, 2, 3])]),
        ["transpose contiguous"] = (x => Weighted(x[0].transpose(0, 1).contiguous()), [U(M)]),
        ["t"] = (x => Weighted(x[0].t().matmul(x[0])), [U(M)]),
        ["unsqueeze squeeze"] = (x => Weighted(x[0].unsqueeze(1).squeeze(1).unsqueeze(0).squeeze()), [U(M)]),
        ["expand"] = (x => Weighted(x[0].expand(4, 3)), [U([1, 3])]),
        ["narrow"] = (x => Weighted(x[0].narrow(1, 1, 2)), [U(M)]),
        ["select"] = (x => Weighted(x[0].select(1, 2) + x[0][0]), [U([3, 3])]),
        ["index_select"] = (x => Weighted(x[0].index_select(0, Ints(1, 0, 1))), [U(M)]),
        ["masked_select"] = (x => Weighted(x[0].masked_select(Const(U(M, 7)).gt(0))), [U(M)]),
        ["cat"] = (x => Weighted(torch.cat([x[0], x[1]], 1)), [U(M, 1), U([2, 2], 2)]),
        ["stack"] = (x => Weighted(torch.stack([x[0], x[1]], 1)), [U(M, 1), U(M, 2)]),
        ["chunk"] = (x => Weighted(x[0].chunk(2, 1)[1] * x[0].chunk(2, 1)[0].narrow(1, 0, 1)), [U([2, 4])]),
        ["clone"] = (x => Weighted(x[0].clone() * x[0]), [U(M)]),
        // layers and losses
        ["linear"] = (x => Weighted(F.linear(x[0], x[1], x[2])), [U([4, 3], 1), U([2, 3], 2), U([2], 3)]),
        ["linear without bias"] = (x => Weighted(F.linear(x[0], x[1])), [U([4, 3], 1), U([2, 3], 2)]),
        ["conv2d"] = (x => Weighted(F.conv2d(x[0], x[1], x[2], stride: 2, padding: 1)), [U([2, 2, 5, 5], 1), U([3, 2, 3, 3], 2), U([3], 3)]),
        ["conv_transpose2d"] = (x => Weighted(F.conv_transpose2d(x[0], x[1], x[2], stride: 2, padding: 1, output_padding: 1)),
            [U([1, 2, 3, 3], 1), U([2, 3, 3, 3], 2), U([3], 3)]),
        ["batch_norm 1d"] = (x => Weighted(F.batch_norm(x[0], null, null, x[1], x[2], training: true)),
            [U([4, 3], 1), U([3], 2), U([3], 3)]),
        ["batch_norm 2d"] = (x => Weighted(F.batch_norm(x[0], null, null, x[1], x[2], training: true, eps: 1e-3)),
            [U([2, 2, 2, 3], 1), U([2], 2), U([2], 3)]),
        ["binary_cross_entropy"] = (x => F.binary_cross_entropy(x[0], Const(U(M, 8, 0, 1))), [U(M, 1, 0.1, 0.9)]),
        ["binary_cross_entropy sum weighted"] = (x => F.binary_cross_entropy(x[0], Const(U(M, 8, 0, 1)), Const(U(M, 9, 0, 2)), Reduction.Sum),
            [U(M, 1, 0.1, 0.9)]),
        ["binary_cross_entropy_with_logits"] = (x => F.binary_cross_entropy_with_logits(x[0], Const(U(M, 8, 0, 1))), [U(M, 1, -3, 3)]),
        ["binary_cross_entropy_with_logits pos_weight"] = (x => F.binary_cross_entropy_with_logits(x[0], Const(U(M, 8, 0, 1)),
            pos_weight: Const(U([3], 9, 0.5, 2)), reduction: Reduction.Sum), [U(M, 1, -3, 3)]),
        ["mse_loss"] = (x => F.mse_loss(x[0], x[1]), [U(M, 1), U(M, 2)]),
        ["mse_loss sum"] = (x => F.mse_loss(x[0], x[1], Reduction.Sum), [U(M, 1), U(M, 2)]),
        ["mse_loss none"] = (x => Weighted(F.mse_loss(x[0], x[1], Reduction.None)), [U(M, 1), U(M, 2)]),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Backward_MatchesFiniteDifferences(string name)
    {
        var (f, inputs) = Cases[name];
        Check(f, inputs);
    }

    [Fact]
    public void GradCheck_RejectsAWrongGradient()
    {
        // x.detach() hides half of d(x²)/dx from autograd, so the check must fail.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(x => Weighted(x[0].detach() * x[0]), U(M)));
    }

    [Fact]
    public void Backward_WithExplicitGradient_ScalesTheJacobian()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, -2, 3 }).requires_grad_();
        var y = x * x;
        y.backward(torch.tensor(new double[] { 1, 10, 100 }));
        Assert.Equal(new double[] { 2, -40, 600 }, x.grad!.data<double>());
    }

    [Fact]
    public void Backward_Accumulates_AndRetainGraphAllowsASecondPass()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Assert.Null(x.grad);
        var y = (x * x * 3).sum();
        y.backward(retain_graph: true);
        Assert.Equal(new double[] { 6, 12 }, x.grad!.data<double>());
        y.backward();
        Assert.Equal(new double[] { 12, 24 }, x.grad!.data<double>());
    }

    [Fact]
    public void RequiresGradAndIsLeaf_FollowTheGraph()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2]);
        Assert.False(x.requires_grad);
        Assert.True(x.is_leaf);
        var w = torch.ones([2], requires_grad: true);
        Assert.True(w.requires_grad);
        Assert.True(w.is_leaf);
        var y = x * w;
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        Assert.False((x * 2).requires_grad);
        w.requires_grad = false;
        Assert.False(w.requires_grad);
        Assert.False(y.detach().requires_grad);
        Assert.True(y.detach().is_leaf);
    }

    [Fact]
    public void NoGrad_RecordsNoGraph_AndRestoresTheMode()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Assert.True(torch.is_grad_enabled());
        Tensor y, z;
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            y = w * 2;
            using (torch.enable_grad())
            {
                Assert.True(torch.is_grad_enabled());
                z = w * 3;
            }
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        Assert.False(y.requires_grad);
        Assert.True(y.is_leaf);
        Assert.True(z.requires_grad);
        var e = Assert.Throws<TorchException>(() => y.sum().backward());
        Assert.Contains("does not require grad", e.Message);
        z.sum().backward();
        Assert.Equal(new double[] { 3, 3 }, w.grad!.data<double>());
    }

    [Fact]
    public void Grad_IsALeafOutsideTheGraph()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 3 }).requires_grad_();
        x.exp().sum().backward();
        var g = x.grad!;
        Assert.True(g.is_leaf);
        Assert.False(g.requires_grad);
        Assert.Equal(Math.Exp(3), g.item<double>(), 12);
    }
}
