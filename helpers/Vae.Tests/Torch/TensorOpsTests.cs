using Vae.Torch;
using F = Vae.Torch.torch.nn.functional;

namespace Vae.Tests.Torch;

/// <summary>Element-wise operators (with broadcasting, scalars and type promotion), matmul, in-place ops and conversions.</summary>
public class TensorOpsTests
{
    private static Tensor Matrix() => torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

    [Fact]
    public void Operators_BroadcastAndTakeScalarsOnEitherSide()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        var row = torch.tensor(new float[] { 10, 20, 30 });
        var col = torch.tensor(new float[] { 1, 2 }, [2, 1]);
        Expect.Tensor(x + row, [2, 3], [11, 22, 33, 14, 25, 36]);
        Expect.Tensor(x - row, [2, 3], [-9, -18, -27, -6, -15, -24]);
        Expect.Tensor(x * col, [2, 3], [1, 2, 3, 8, 10, 12]);
        Expect.Tensor(x / col, [2, 3], [1, 2, 3, 2, 2.5f, 3]);
        Expect.Tensor(col * torch.tensor(new float[] { 1, 2, 3 }, [1, 3]), [2, 3], [1, 2, 3, 2, 4, 6]);
        Expect.Tensor(x + 1, [2, 3], [2, 3, 4, 5, 6, 7]);
        Expect.Tensor(1 + x, [2, 3], [2, 3, 4, 5, 6, 7]);
        Expect.Tensor(x - 1, [2, 3], [0, 1, 2, 3, 4, 5]);
        Expect.Tensor(10 - x, [2, 3], [9, 8, 7, 6, 5, 4]);
        Expect.Tensor(x * 3, [2, 3], [3, 6, 9, 12, 15, 18]);
        Expect.Tensor(0.5 * x, [2, 3], [0.5f, 1, 1.5f, 2, 2.5f, 3]);
        Expect.Tensor(x / 2, [2, 3], [0.5f, 1, 1.5f, 2, 2.5f, 3]);
        Expect.Tensor(6 / x, [2, 3], [6, 3, 2, 1.5f, 1.2f, 1]);
        Expect.Tensor(-x, [2, 3], [-1, -2, -3, -4, -5, -6]);
        Expect.Tensor(x.add(row).sub(col).mul(col).div(row), [2, 3],
            [10f / 10, 21f / 20, 32f / 30, 24f / 10, 46f / 20, 68f / 30]);
    }

    [Fact]
    public void Operators_FollowPyTorchTypePromotion()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(4);
        var plusInt = a + 1;
        Assert.Equal(ScalarType.Int64, plusInt.dtype);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, plusInt.data<long>());
        var plusFloat = a + 1.0;
        Expect.Tensor(plusFloat, [4], [1, 2, 3, 4]);
        var rsub = 1 - a;
        Assert.Equal(ScalarType.Int64, rsub.dtype);
        Assert.Equal(new long[] { 1, 0, -1, -2 }, rsub.data<long>());
        Assert.Equal(new long[] { 0, 2, 4, 6 }, (a * 2).data<long>());
        Assert.Equal(new long[] { 0, 2, 4, 6 }, (a + a).data<long>());
        Expect.Tensor(a / 2, [4], [0, 0.5f, 1, 1.5f]); // true division
        Expect.Tensor(a * 2.5, [4], [0, 2.5f, 5, 7.5f]);
        var b = torch.tensor(new long[] { 1, 2, 4, 5 });
        Expect.Tensor(10 / b, [4], [10, 5, 2.5f, 2]);
        Expect.Tensor(a + torch.ones([4]), [4], [1, 2, 3, 4]);
        var mixed = torch.ones([2]) + torch.ones([2], torch.float64);
        Assert.Equal(ScalarType.Float64, mixed.dtype);
        var squares = a.pow(2);
        Assert.Equal(ScalarType.Int64, squares.dtype);
        Assert.Equal(new long[] { 0, 1, 4, 9 }, squares.data<long>());
    }

    [Fact]
    public void Matmul_MatrixVectorAndBatched()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix();
        var b = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        Expect.Tensor(a.matmul(b), [2, 2], [58, 64, 139, 154]);
        Expect.Tensor(a.matmul(torch.tensor(new float[] { 1, 0, -1 })), [2], [-2, -2]);
        Expect.Tensor(torch.tensor(new float[] { 1, 2, 3 }).matmul(torch.tensor(new float[] { 4, 5, 6 })), [], [32]);
        var batch = torch.stack([a, a * 2]);
        Expect.Tensor(batch.matmul(b), [2, 2, 2], [58, 64, 139, 154, 116, 128, 278, 308]);
    }

    public static TheoryData<string> UnaryNames => ["exp", "log", "log1p", "sqrt", "square", "abs", "sigmoid", "relu", "tanh", "softplus", "neg"];

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, Func<double, double> Expected)> Unary = new()
    {
        ["exp"] = (t => t.exp(), Math.Exp),
        ["log"] = (t => t.log(), Math.Log),
        ["log1p"] = (t => t.log1p(), v => Math.Log(1 + v)),
        ["sqrt"] = (t => t.sqrt(), Math.Sqrt),
        ["square"] = (t => t.square(), v => v * v),
        ["abs"] = (t => t.abs(), Math.Abs),
        ["sigmoid"] = (t => t.sigmoid(), v => 1 / (1 + Math.Exp(-v))),
        ["relu"] = (t => t.relu(), v => v > 0 ? v : 0),
        ["tanh"] = (t => t.tanh(), Math.Tanh),
        ["softplus"] = (t => t.softplus(), v => v > 20 ? v : Math.Log(1 + Math.Exp(v))),
        ["neg"] = (t => t.neg(), v => -v),
    };

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_MatchesMath(string name)
    {
        var (op, expected) = Unary[name];
        double[] inputs = [-3, -0.5, 0, 0.25, 1, 2.5, 30];
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(inputs);
        var y = op(x);
        Assert.Equal(ScalarType.Float64, y.dtype);
        Expect.Close(inputs.Select(expected).ToArray(), y.data<double>(), 1e-12);
        var y32 = op(x.to(torch.float32));
        Assert.Equal(ScalarType.Float32, y32.dtype);
        Expect.Close(inputs.Select(expected).ToArray(), Expect.Values(y32), 1e-6);
    }

    [Fact]
    public void Softplus_WithBetaAndThreshold()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { -2, 0.25, 0.49, 0.51, 3 });
        // beta = 2, threshold = 1: linear where 2x > 1.
        Expect.Close([Math.Log(1 + Math.Exp(-4)) / 2, Math.Log(1 + Math.Exp(0.5)) / 2, Math.Log(1 + Math.Exp(0.98)) / 2, 0.51, 3],
            F.softplus(x, beta: 2, threshold: 1).data<double>(), 1e-12);
        Expect.Close([Math.Log(1 + Math.Exp(-2)), Math.Log(1 + Math.Exp(0.25))], F.softplus(x.narrow(0, 0, 2)).data<double>(), 1e-12);
    }

    [Fact]
    public void Pow_WithScalarAndTensorExponents()
    {
        using var scope = torch.NewDisposeScope();
        Expect.Tensor(torch.tensor(new float[] { 1, 2, 3 }).pow(2), [3], [1, 4, 9]);
        Expect.Tensor(torch.tensor(new float[] { 4, 9 }).pow(0.5), [2], [2, 3]);
        Expect.Tensor(torch.tensor(new float[] { 2, 3 }).pow(torch.tensor(new float[] { 3, 2 })), [2], [8, 9]);
        Expect.Tensor(torch.tensor(new float[] { 2, 4 }).pow(-1), [2], [0.5f, 0.25f]);
    }

    [Fact]
    public void Clamp_BoundsBelowAboveOrBoth()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { -2, -0.5f, 0, 0.5f, 2 });
        Expect.Tensor(x.clamp(-1, 1), [5], [-1, -0.5f, 0, 0.5f, 1]);
        Expect.Tensor(x.clamp(min: 0), [5], [0, 0, 0, 0.5f, 2]);
        Expect.Tensor(x.clamp(max: 0), [5], [-2, -0.5f, 0, 0, 0]);
        Expect.Tensor(x.clamp_min(-0.75), [5], [-0.75f, -0.5f, 0, 0.5f, 2]);
        Expect.Tensor(x.clamp_max(0.25), [5], [-2, -0.5f, 0, 0.25f, 0.25f]);
    }

    [Fact]
    public void RoundingSignAndFloatClassification()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 0.5f, 1.5f, 2.5f, -0.5f, -1.7f });
        Expect.Tensor(x.round(), [5], [0, 2, 2, -0f, -2]); // half to even, as PyTorch
        Expect.Tensor(x.floor(), [5], [0, 1, 2, -1, -2]);
        Expect.Tensor(torch.tensor(new float[] { -2, 0, 3 }).sign(), [3], [-1, 0, 1]);
        var special = torch.tensor(new double[] { 1, double.NaN, double.PositiveInfinity, double.NegativeInfinity });
        Assert.Equal(new[] { false, true, false, false }, special.isnan().data<bool>());
        Assert.Equal(new[] { true, false, false, false }, special.isfinite().data<bool>());
    }

    [Fact]
    public void Comparisons_GiveBoolTensors()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3 });
        var b = torch.tensor(new float[] { 3, 2, 1 });
        Assert.Equal(ScalarType.Bool, a.eq(b).dtype);
        Assert.Equal(new[] { false, true, false }, a.eq(b).data<bool>());
        Assert.Equal(new[] { true, false, true }, a.ne(b).data<bool>());
        Assert.Equal(new[] { true, false, false }, a.lt(b).data<bool>());
        Assert.Equal(new[] { true, true, false }, a.le(b).data<bool>());
        Assert.Equal(new[] { false, false, true }, a.gt(b).data<bool>());
        Assert.Equal(new[] { false, true, true }, a.ge(b).data<bool>());
        Assert.Equal(new[] { false, true, false }, a.eq(2).data<bool>());
        Assert.Equal(new[] { true, false, true }, a.ne(2).data<bool>());
        Assert.Equal(new[] { true, false, false }, a.lt(1.5).data<bool>());
        Assert.Equal(new[] { true, true, false }, a.le(2).data<bool>());
        Assert.Equal(new[] { false, true, true }, a.gt(1.5).data<bool>());
        Assert.Equal(new[] { false, false, true }, a.ge(3).data<bool>());
        var grid = torch.tensor(new float[] { 1, 2 }, [2, 1]).lt(torch.tensor(new float[] { 0, 1.5f, 3 }));
        Assert.Equal(new long[] { 2, 3 }, grid.shape);
        Assert.Equal(new[] { false, true, true, false, false, true }, grid.data<bool>());
        Expect.Tensor(a.maximum(b), [3], [3, 2, 3]);
        Expect.Tensor(a.minimum(b), [3], [1, 2, 1]);
        var p = torch.tensor(new[] { true, true, false, false });
        var q = torch.tensor(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, false, false }, p.logical_and(q).data<bool>());
        Assert.Equal(new[] { true, true, true, false }, p.logical_or(q).data<bool>());
        Assert.Equal(new[] { false, false, true, true }, p.logical_not().data<bool>());
    }

    [Fact]
    public void Where_ChoosesPerElementWithBroadcasting()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3 });
        var b = torch.tensor(new float[] { 3, 2, 1 });
        Expect.Tensor(torch.where(a.gt(1.5), a, b), [3], [3, 2, 3]);
        Expect.Tensor(torch.where(a.gt(1.5), a, torch.zeros([])), [3], [0, 2, 3]);
        var rows = torch.tensor(new[] { true, false }, [2, 1]);
        Expect.Tensor(torch.where(rows, a, b), [2, 3], [1, 2, 3, 3, 2, 1]);
    }

    [Fact]
    public void Bernoulli_OfZeroAndOneProbabilities_IsExact()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(new float[] { 0, 1, 0, 1, 1 });
        Expect.Tensor(p.bernoulli(), [5], [0, 1, 0, 1, 1]);
        var half = torch.full([4000], 0.5).bernoulli().mean().item<float>();
        Assert.InRange(half, 0.45f, 0.55f);
    }

    [Fact]
    public void InPlaceOps_ModifyAndReturnTheSameTensor()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([3]);
        Assert.Same(x, x.add_(2));
        Expect.Tensor(x, [3], [3, 3, 3]);
        Assert.Same(x, x.sub_(torch.tensor(new float[] { 1, 2, 3 })));
        Expect.Tensor(x, [3], [2, 1, 0]);
        Assert.Same(x, x.mul_(2));
        Expect.Tensor(x, [3], [4, 2, 0]);
        Assert.Same(x, x.div_(torch.full([1], 2.0)));
        Expect.Tensor(x, [3], [2, 1, 0]);
        x.add_(torch.tensor(new float[] { 1, 1, 1 })).sub_(0.5).mul_(torch.tensor(new float[] { 1, 2, 3 })).div_(4);
        Expect.Tensor(x, [3], [2.5f / 4, 3f / 4, 1.5f / 4]);
        Assert.Same(x, x.fill_(7));
        Expect.Tensor(x, [3], [7, 7, 7]);
        Assert.Same(x, x.zero_());
        Expect.Tensor(x, [3], [0, 0, 0]);
        Assert.Same(x, x.copy_(torch.tensor(new float[] { 9 })));
        Expect.Tensor(x, [3], [9, 9, 9]);
        x.copy_(torch.tensor(new double[] { 1.5, 2.5, 3.5 })); // converts
        Expect.Tensor(x, [3], [1.5f, 2.5f, 3.5f]);
        var i = torch.arange(3).mul_(2).add_(1);
        Assert.Equal(new long[] { 1, 3, 5 }, i.data<long>());
    }

    [Fact]
    public void InPlaceOps_OnViews_WriteThroughToTheBase()
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.zeros([2, 3]);
        m[1].fill_(5);
        m.narrow(1, 0, 1).add_(1);
        m.t()[2].mul_(-1);
        Expect.Tensor(m, [2, 3], [1, 0, -0f, 6, 5, -5]);
    }

    [Fact]
    public void To_ConvertsDtypeAndDevice()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1.7f, -1.7f, 2.5f, 0 });
        Assert.Equal(new long[] { 1, -1, 2, 0 }, x.to(torch.int64).data<long>()); // toward zero
        Assert.Equal(new[] { true, true, true, false }, x.to(torch.@bool).data<bool>());
        Assert.Equal(new byte[] { 1, 1, 2, 0 }, x.abs().to(torch.uint8).data<byte>());
        Assert.Equal(new double[] { 1.7f, -1.7f, 2.5, 0 }, x.to(torch.float64).data<double>());
        Assert.Equal(new int[] { 1, -1, 2, 0 }, x.to(torch.int32).data<int>());
        var cpu = x.to(Device.CPU);
        Assert.Equal(Device.CPU, cpu.device);
        Assert.Equal(x.data<float>(), cpu.data<float>());
        var both = x.to(torch.float64, Device.CPU);
        Assert.Equal(ScalarType.Float64, both.dtype);
        Assert.Equal(Device.CPU, x.cpu().device);
        Assert.Equal("cpu", x.device.ToString());
    }

    [Fact]
    public void DetachAndAlias_ShareStorage_CloneCopies()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 2, 3 }).requires_grad_();
        var d = x.detach();
        Assert.False(d.requires_grad);
        d.add_(1);
        Expect.Tensor(x, [3], [2, 3, 4]);

        var y = x * 1;
        var c = y.clone();
        Assert.True(c.requires_grad);
        Assert.False(c.is_leaf);
        using (torch.no_grad()) c.add_(10);
        Expect.Tensor(y, [3], [2, 3, 4]);
        Expect.Tensor(c, [3], [12, 13, 14]);

        var plain = torch.tensor(new float[] { 5, 6 });
        var alias = plain.alias();
        alias.mul_(2);
        alias.Dispose();
        Expect.Tensor(plain, [2], [10, 12]);
    }
}
