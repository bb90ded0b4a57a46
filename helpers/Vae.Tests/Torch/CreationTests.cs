using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>Creation functions and data in and out, against hand-written values.</summary>
public class CreationTests
{
    [Fact]
    public void ZerosOnesEmpty_HaveShapeDtypeAndValues()
    {
        using var z = torch.zeros([2, 3]);
        Expect.Tensor(z, [2, 3], [0, 0, 0, 0, 0, 0]);
        using var o = torch.ones([4], torch.float64);
        Assert.Equal(ScalarType.Float64, o.dtype);
        Assert.Equal(new double[] { 1, 1, 1, 1 }, o.data<double>());
        using var oi = torch.ones([2], torch.int64);
        Assert.Equal(new long[] { 1, 1 }, oi.data<long>());
        using var e = torch.empty([3, 0, 2]);
        Assert.Equal(new long[] { 3, 0, 2 }, e.shape);
        Assert.Equal(0, e.numel());
        using var scalar = torch.zeros([]);
        Assert.Equal(0, scalar.ndim);
        Assert.Equal(1, scalar.numel());
    }

    [Fact]
    public void Full_InfersDtypeFromValue()
    {
        using var i = torch.full([2, 2], 7);
        Assert.Equal(ScalarType.Int64, i.dtype);
        Assert.Equal(new long[] { 7, 7, 7, 7 }, i.data<long>());
        using var f = torch.full([3], 2.5);
        Expect.Tensor(f, [3], [2.5f, 2.5f, 2.5f]);
        using var d = torch.full([1, 2], -1, torch.float64);
        Assert.Equal(new double[] { -1, -1 }, d.data<double>());
    }

    [Fact]
    public void Arange_IntegersGiveInt64_FloatsGiveFloat32()
    {
        using var a = torch.arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.data<long>());
        using var b = torch.arange(1, 10, 3);
        Assert.Equal(new long[] { 1, 4, 7 }, b.data<long>());
        using var c = torch.arange(0.5, 2.5, 0.5);
        Expect.Tensor(c, [4], [0.5f, 1f, 1.5f, 2f]);
        using var d = torch.arange(2.5);
        Expect.Tensor(d, [3], [0, 1, 2]);
        using var e = torch.arange(0, 3, dtype: torch.float64);
        Assert.Equal(new double[] { 0, 1, 2 }, e.data<double>());
        using var down = torch.arange(5, 0, -2);
        Assert.Equal(new long[] { 5, 3, 1 }, down.data<long>());
        // (start 5, end 0) as in PyTorch, which rejects it; not "end 5 with dtype 0" (uint8).
        Assert.Contains("inconsistent with step sign", Assert.Throws<TorchException>(() => torch.arange(5, 0)).Message);
    }

    [Fact]
    public void Full_TakesItsDtypeFromTheValue()
    {
        using var b = torch.full([2], true);
        Assert.Equal(ScalarType.Bool, b.dtype);
        Assert.Equal(new[] { true, true }, b.data<bool>());
        using var i = torch.full([2], 3);
        Assert.Equal(ScalarType.Int64, i.dtype);
        using var f = torch.full([2], 0.5);
        Assert.Equal(ScalarType.Float32, f.dtype);
    }

    [Fact]
    public void Linspace_IncludesBothEnds()
    {
        using var a = torch.linspace(0, 1, 5);
        Expect.Tensor(a, [5], [0, 0.25f, 0.5f, 0.75f, 1]);
        using var b = torch.linspace(-1, 1, 3, torch.float64);
        Assert.Equal(new double[] { -1, 0, 1 }, b.data<double>());
        using var one = torch.linspace(3, 9, 1);
        Expect.Tensor(one, [1], [3]);
    }

    [Fact]
    public void Rand_LiesInUnitInterval()
    {
        using var r = torch.rand([10000]);
        var v = r.data<float>();
        Assert.All(v, x => Assert.True(x is >= 0 and < 1, $"{x} is outside [0, 1)"));
        Assert.InRange(v.Average(), 0.48, 0.52);
        Assert.InRange(v.Distinct().Count(), 9000, 10000);
        using var d = torch.rand([3], torch.float64);
        Assert.Equal(ScalarType.Float64, d.dtype);
    }

    [Fact]
    public void Randn_HasStandardNormalStatistics()
    {
        using var r = torch.randn([20000], torch.float64);
        var v = r.data<double>();
        var mean = v.Average();
        var sd = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sd, 0.95, 1.05);
        Assert.InRange(v.Count(x => Math.Abs(x) < 1) / (double)v.Length, 0.66, 0.71); // 68.3 % within one σ
    }

    [Fact]
    public void Randperm_IsAPermutation()
    {
        using var p = torch.randperm(50);
        Assert.Equal(ScalarType.Int64, p.dtype);
        var v = p.data<long>();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), v.Order());
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), v); // 1 in 50! to be in order
    }

    [Fact]
    public void Like_KeepsShapeAndDtype()
    {
        using var x = torch.full([2, 3], 5.0, torch.float64);
        using var z = torch.zeros_like(x);
        using var o = torch.ones_like(x);
        using var r = torch.rand_like(x);
        using var n = torch.randn_like(x);
        foreach (var t in new[] { z, o, r, n })
        {
            Assert.Equal(new long[] { 2, 3 }, t.shape);
            Assert.Equal(ScalarType.Float64, t.dtype);
        }
        Assert.All(z.data<double>(), v => Assert.Equal(0, v));
        Assert.All(o.data<double>(), v => Assert.Equal(1, v));
        Assert.All(r.data<double>(), v => Assert.True(v is >= 0 and < 1, $"{v} is outside [0, 1)"));
        Assert.Equal(6, n.data<double>().Distinct().Count());
        using var xi = torch.arange(4);
        using var oi = torch.ones_like(xi);
        Assert.Equal(new long[] { 1, 1, 1, 1 }, oi.data<long>());
    }

    [Fact]
    public void Data_RoundTripsEveryDtype()
    {
        float[] f = [1.5f, -2.25f, float.MaxValue, float.Epsilon, float.NegativeInfinity, 0];
        using (var t = torch.tensor(f, [2, 3]))
        {
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.Equal(new long[] { 2, 3 }, t.shape);
            Assert.Equal(f, t.data<float>());
        }
        double[] d = [Math.PI, -1e300, 5e-324, double.NaN];
        using (var t = torch.tensor(d))
        {
            Assert.Equal(ScalarType.Float64, t.dtype);
            Assert.Equal(d, t.data<double>());
        }
        long[] l = [long.MinValue, -1, 0, long.MaxValue];
        using (var t = torch.tensor(l, [2, 2]))
        {
            Assert.Equal(ScalarType.Int64, t.dtype);
            Assert.Equal(l, t.data<long>());
        }
        int[] i = [int.MinValue, 7];
        using (var t = torch.tensor(i))
            Assert.Equal(i, t.data<int>());
        byte[] b = [0, 1, 127, 255];
        using (var t = torch.tensor(b))
        {
            Assert.Equal(ScalarType.Byte, t.dtype);
            Assert.Equal(b, t.data<byte>());
        }
        bool[] z = [true, false, false, true, true];
        using (var t = torch.tensor(z))
        {
            Assert.Equal(ScalarType.Bool, t.dtype);
            Assert.Equal(z, t.data<bool>());
        }
    }

    [Fact]
    public void Tensor_FromTwoDimensionalArrayAndScalar()
    {
        using var m = torch.tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Expect.Tensor(m, [2, 3], [1, 2, 3, 4, 5, 6]);
        using var s = torch.tensor(3.5f);
        Assert.Equal(0, s.ndim);
        Assert.Empty(s.shape);
        Assert.Equal(3.5f, s.item<float>());
        using var sd = torch.tensor(-0.125);
        Assert.Equal(ScalarType.Float64, sd.dtype);
        Assert.Equal(-0.125, sd.item<double>());
    }

    [Fact]
    public void Data_OfNonContiguousView_IsInLogicalOrder()
    {
        using var m = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var t = m.t();
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, t.data<float>());
    }

    [Fact]
    public void Item_ConvertsToEachSupportedType()
    {
        using var f = torch.tensor(2.75f);
        Assert.Equal(2.75f, f.item<float>());
        Assert.Equal(2.75, f.item<double>());
        using var l = torch.tensor(new long[] { -9 }, []);
        Assert.Equal(-9L, l.item<long>());
        Assert.Equal(-9, l.item<int>());
        Assert.Equal(-9.0, l.item<double>());
        using var big = torch.tensor(new long[] { 1L << 53 | 1 }, []);
        Assert.Equal(1L << 53 | 1, big.item<long>()); // not through a double
        using var b = torch.tensor(new[] { true }, [1]);
        Assert.True(b.item<bool>());
        using var u = torch.tensor(new byte[] { 200 }, []);
        Assert.Equal((byte)200, u.item<byte>());
    }

    [Fact]
    public void ToString_ShowsShapeDtypeAndValues()
    {
        using var t = torch.tensor(new float[] { 1, 2 }, [1, 2]);
        var s = t.ToString();
        Assert.Contains("[1, 2]", s);
        Assert.Contains("float32", s);
        Assert.Contains("cpu", s);
        t.Dispose();
        Assert.Equal("Tensor (disposed)", t.ToString());
    }
}

/// <summary>Seeding, kept out of parallel runs: other tests draw from the same global generator.</summary>
[Collection(SerialCollection.Name)]
public class SeedTests
{
    [Fact]
    public void ManualSeed_RepeatsTheSameDraws()
    {
        torch.manual_seed(1234);
        using var a = torch.randn([8]);
        using var p = torch.randperm(8);
        torch.manual_seed(1234);
        using var b = torch.randn([8]);
        using var q = torch.randperm(8);
        torch.manual_seed(4321);
        using var c = torch.randn([8]);
        Assert.Equal(a.data<float>(), b.data<float>());
        Assert.Equal(p.data<long>(), q.data<long>());
        Assert.NotEqual(a.data<float>(), c.data<float>());
    }
}

/// <summary>Tests that must not run beside others: global RNG state, process memory.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class SerialCollection
{
    public const string Name = "Torch serial";
}
