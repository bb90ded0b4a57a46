using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>Reductions over all and given dimensions, views and reshapes, joins, splits and indexing.</summary>
public class ReductionAndShapeTests
{
    /// <summary>[[1, 2, 3], [4, 5, 6]] as float64.</summary>
    private static Tensor Matrix() => torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

    private static void Is(Tensor t, long[] shape, double[] values, double tolerance = 1e-12)
    {
        Assert.Equal(shape, t.shape);
        Expect.Close(values, Expect.Values(t), tolerance);
    }

    [Fact]
    public void SumAndMean_OverAllAndGivenDims()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        Is(x.sum(), [], [21]);
        Is(x.sum(0), [3], [5, 7, 9]);
        Is(x.sum(1), [2], [6, 15]);
        Is(x.sum(-1), [2], [6, 15]);
        Is(x.sum(1, keepdim: true), [2, 1], [6, 15]);
        Is(x.sum([0, 1]), [], [21]);
        Is(x.sum([1, 0], keepdim: true), [1, 1], [21]);
        Is(x.mean(), [], [3.5]);
        Is(x.mean(0), [3], [2.5, 3.5, 4.5]);
        Is(x.mean(1, keepdim: true), [2, 1], [2, 5]);
        Is(x.mean([0, 1]), [], [3.5]);
    }

    [Fact]
    public void Sum_OfIntegersAndBools_IsInt64()
    {
        using var scope = torch.NewDisposeScope();
        var s = torch.arange(5).sum();
        Assert.Equal(ScalarType.Int64, s.dtype);
        Assert.Equal(10L, s.item<long>());
        var b = torch.tensor(new[] { true, false, true }).sum();
        Assert.Equal(ScalarType.Int64, b.dtype);
        Assert.Equal(2L, b.item<long>());
    }

    [Fact]
    public void AmaxAmin_OverAllAndGivenDims()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 9, 3, 4, 5, -6 }, [2, 3]);
        Is(x.amax(), [], [9]);
        Is(x.amax(0), [3], [4, 9, 3]);
        Is(x.amax(1, keepdim: true), [2, 1], [9, 5]);
        Is(x.amin(), [], [-6]);
        Is(x.amin(1), [2], [1, -6]);
        Is(x.amin(-2, keepdim: true), [1, 3], [1, 5, -6]);
    }

    [Fact]
    public void Logsumexp_IsStableAndKeepsDims()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        double Lse(params double[] v) => Math.Log(v.Sum(Math.Exp));
        Is(x.logsumexp(1), [2], [Lse(1, 2, 3), Lse(4, 5, 6)]);
        Is(x.logsumexp(0, keepdim: true), [1, 3], [Lse(1, 4), Lse(2, 5), Lse(3, 6)]);
        var big = torch.tensor(new double[] { 1000, 1000, -1000 });
        Is(big.logsumexp(0), [], [1000 + Math.Log(2)]);
    }

    [Fact]
    public void VarAndStd_AreUnbiased()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        Is(x.var(), [], [3.5]); // Σ(x − 3.5)² = 17.5, over n − 1 = 5
        Is(x.var(0), [3], [4.5, 4.5, 4.5]);
        Is(x.var(1, keepdim: true), [2, 1], [1, 1]);
        Is(x.std(), [], [Math.Sqrt(3.5)]);
        Is(x.std(0), [3], [Math.Sqrt(4.5), Math.Sqrt(4.5), Math.Sqrt(4.5)]);
        Is(x.std(-1, keepdim: true), [2, 1], [1, 1]);
        var f = torch.tensor(new float[] { 2, 4, 4, 4, 5, 5, 7, 9 });
        Is(f.var(), [], [32.0 / 7], 1e-6);
    }

    [Fact]
    public void Argmax_FlattenedAndAlongDims()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 9, 3, 4, 5, 6 }, [2, 3]);
        var all = x.argmax();
        Assert.Equal(ScalarType.Int64, all.dtype);
        Assert.Equal(1L, all.item<long>());
        Assert.Equal(new long[] { 1, 2 }, x.argmax(1).data<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, x.argmax(0).data<long>());
        Assert.Equal(new long[] { 2, 1 }, x.argmax(1, keepdim: true).shape);
    }

    [Fact]
    public void ReshapeViewFlatten_KeepRowMajorOrder()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        Is(x.reshape(3, 2), [3, 2], [1, 2, 3, 4, 5, 6]);
        Is(x.reshape(-1), [6], [1, 2, 3, 4, 5, 6]);
        Is(x.view(3, 2), [3, 2], [1, 2, 3, 4, 5, 6]);
        Is(x.view(-1, 2), [3, 2], [1, 2, 3, 4, 5, 6]);
        var cube = torch.arange(24).reshape(2, 3, 4);
        Assert.Equal(new long[] { 24 }, cube.flatten().shape);
        Assert.Equal(new long[] { 2, 12 }, cube.flatten(1).shape);
        Assert.Equal(new long[] { 6, 4 }, cube.flatten(0, 1).shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i), cube.flatten(1).data<long>());
        var view = x.view(6);
        view.mul_(10); // a view shares storage
        Is(x, [2, 3], [10, 20, 30, 40, 50, 60]);
    }

    [Fact]
    public void PermuteTranspose_MoveAxes()
    {
        using var scope = torch.NewDisposeScope();
        var cube = torch.arange(24).reshape(2, 3, 4); // cube[i, j, k] = 12i + 4j + k
        var p = cube.permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        var values = p.data<long>();
        for (var k = 0; k < 4; k++)
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 3; j++)
                    Assert.Equal(12 * i + 4 * j + k, values[k * 6 + i * 3 + j]);
        var x = Matrix();
        Is(x.transpose(0, 1), [3, 2], [1, 4, 2, 5, 3, 6]);
        Is(x.transpose(-1, -2), [3, 2], [1, 4, 2, 5, 3, 6]);
        Is(x.t(), [3, 2], [1, 4, 2, 5, 3, 6]);
        Is(x.t().contiguous().view(6), [6], [1, 4, 2, 5, 3, 6]);
        Is(cube.transpose(0, 2).select(0, 1).to(torch.float64), [3, 2], [1, 13, 5, 17, 9, 21]);
    }

    [Fact]
    public void UnsqueezeSqueezeExpand_ChangeOnlyShape()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        Is(x.unsqueeze(0), [1, 2, 3], [1, 2, 3, 4, 5, 6]);
        Is(x.unsqueeze(-1), [2, 3, 1], [1, 2, 3, 4, 5, 6]);
        Is(x.unsqueeze(1), [2, 1, 3], [1, 2, 3, 4, 5, 6]);
        var ones = x.reshape(1, 2, 1, 3);
        Assert.Equal(new long[] { 2, 3 }, ones.squeeze().shape);
        Assert.Equal(new long[] { 2, 1, 3 }, ones.squeeze(0).shape);
        Assert.Equal(new long[] { 1, 2, 3 }, ones.squeeze(-2).shape);
        Assert.Equal(new long[] { 1, 2, 1, 3 }, ones.squeeze(1).shape); // size 2: unchanged
        Is(torch.tensor(new double[] { 1, 2, 3 }, [1, 3]).expand(2, 3), [2, 3], [1, 2, 3, 1, 2, 3]);
        Is(torch.tensor(new double[] { 7, 8 }, [2, 1]).expand(-1, 3), [2, 3], [7, 7, 7, 8, 8, 8]);
        Is(torch.tensor(new double[] { 1, 2, 3 }).expand(2, 3), [2, 3], [1, 2, 3, 1, 2, 3]);
        Assert.Equal(3, x.size(-1));
        Assert.Equal(2, x.size(0));
        Assert.Equal(2, x.ndim);
    }

    [Fact]
    public void Chunk_SplitsLikePyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var parts = torch.arange(7).chunk(3);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new long[] { 0, 1, 2 }, parts[0].data<long>());
        Assert.Equal(new long[] { 3, 4, 5 }, parts[1].data<long>());
        Assert.Equal(new long[] { 6 }, parts[2].data<long>());
        var fewer = torch.arange(6).chunk(4); // chunks of ceil(6 / 4) = 2: only three of them
        Assert.Equal(3, fewer.Length);
        Assert.Equal(new long[] { 4, 5 }, fewer[2].data<long>());
        var cols = Matrix().chunk(2, 1);
        Is(cols[0], [2, 2], [1, 2, 4, 5]);
        Is(cols[1], [2, 1], [3, 6]);
    }

    [Fact]
    public void NarrowSelectIndexer_PickSlices()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        Is(x.narrow(1, 1, 2), [2, 2], [2, 3, 5, 6]);
        Is(x.narrow(0, 1, 1), [1, 3], [4, 5, 6]);
        Is(x.select(1, 2), [2], [3, 6]);
        Is(x.select(0, -1), [3], [4, 5, 6]);
        Is(x[1], [3], [4, 5, 6]);
        Assert.Equal(6.0, x[1][2].item<double>());
        Assert.Equal(2.0, x[0][-2].item<double>());
    }

    [Fact]
    public void CatStack_JoinAlongDims()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        var y = x * 10;
        Is(torch.cat([x, y]), [4, 3], [1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60]);
        Is(torch.cat([x, y], 1), [2, 6], [1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60]);
        Is(torch.cat([x[0].unsqueeze(0), x], 0), [3, 3], [1, 2, 3, 1, 2, 3, 4, 5, 6]);
        Is(torch.stack([x, y]), [2, 2, 3], [1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60]);
        Is(torch.stack([x, y], 1), [2, 2, 3], [1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60]);
        Is(torch.stack([x, y], -1), [2, 3, 2], [1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]);
        Is(torch.stack([x[0][0], x[1][2]]), [2], [1, 6]);
    }

    [Fact]
    public void IndexSelectMaskedSelect_GatherElements()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix();
        Is(x.index_select(0, torch.tensor(new long[] { 1, 0, 1 })), [3, 3], [4, 5, 6, 1, 2, 3, 4, 5, 6]);
        Is(x.index_select(1, torch.tensor(new long[] { 2, 0 })), [2, 2], [3, 1, 6, 4]);
        Is(x.masked_select(x.gt(2.5)), [4], [3, 4, 5, 6]);
        Is(x.masked_select(torch.tensor(new[] { true, false, true })), [4], [1, 3, 4, 6]); // mask broadcasts
    }
}
