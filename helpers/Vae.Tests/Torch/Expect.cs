using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>Assertions on tensor values shared by the Torch tests.</summary>
internal static class Expect
{
    /// <summary>Every element within tolerance · max(1, |expected|) of the expected one, shapes equal.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(a), $"element {i}: expected NaN, got {a}"); continue; }
            if (double.IsInfinity(e)) { Assert.Equal(e, a); continue; }
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)),
                $"element {i}: expected {e:R}, got {a:R} (difference {Math.Abs(e - a):E2}, tolerance {tolerance:E0})");
        }
    }

    public static void Close(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double tolerance = 1e-5) =>
        Close(expected.Select(v => (double)v).ToArray(), actual.Select(v => (double)v).ToArray(), tolerance);

    /// <summary>The tensor's elements as doubles, whatever its floating or integer dtype.</summary>
    public static double[] Values(Tensor t)
    {
        if (t.dtype == torch.float64) return t.data<double>();
        using var d = t.to(torch.float64);
        return d.data<double>();
    }

    /// <summary>Shape, dtype and values (as float32 within tolerance) of a float32 tensor.</summary>
    public static void Tensor(Tensor actual, long[] shape, float[] values, double tolerance = 1e-5)
    {
        Assert.Equal(shape, actual.shape);
        Assert.Equal(ScalarType.Float32, actual.dtype);
        Close(values, actual.data<float>(), tolerance);
    }

    /// <summary>A small computation after an error, showing the process and the binding still work.</summary>
    public static void StillWorks()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = a * 2 + 1;
        using var s = b.sum();
        Assert.Equal(15f, s.item<float>());
    }

    /// <summary>
    /// The call throws exactly TException whose message contains every fragment (so it names the
    /// shape, dtype or key at fault), and the binding keeps working afterwards.
    /// </summary>
    public static TException Throws<TException>(Action call, params string[] fragments) where TException : Exception
    {
        var e = Assert.Throws<TException>(call);
        foreach (var fragment in fragments) Assert.Contains(fragment, e.Message);
        StillWorks();
        return e;
    }
}
