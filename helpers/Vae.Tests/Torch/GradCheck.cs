using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Torch;

/// <summary>One input of a gradient check: its shape and float64 values.</summary>
internal sealed record GradInput(long[] Shape, double[] Values)
{
    /// <summary>Uniform values in [low, high) from a fixed seed (System.Random, so tests running in parallel cannot disturb it).</summary>
    public static GradInput Uniform(long[] shape, double low = -1, double high = 1, int seed = 1)
    {
        var random = new Random(seed);
        var n = shape.Aggregate(1L, (a, d) => a * d);
        return new(shape, Enumerable.Range(0, (int)n).Select(_ => low + (high - low) * random.NextDouble()).ToArray());
    }

    /// <summary>Values with 0.1 ≤ |x| ≤ 1, away from the kink at 0 of relu, abs and friends.</summary>
    public static GradInput AwayFromZero(long[] shape, int seed = 1)
    {
        var u = Uniform(shape, 0, 1, seed);
        return u with { Values = u.Values.Select((v, i) => (i % 2 == 0 ? 1 : -1) * (0.1 + 0.9 * v)).ToArray() };
    }
}

/// <summary>
/// Compares autograd's gradient of a scalar float64 function with central finite differences
/// (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, element by element, for every input.
/// </summary>
internal static class GradCheck
{
    private const double H = 1e-6;
    private const double Tolerance = 1e-6;

    public static void Check(Func<Tensor[], Tensor> f, params GradInput[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = inputs.Select(i => torch.tensor(i.Values, i.Shape).requires_grad_()).ToArray();
        var y = f(leaves);
        Assert.Equal(1, y.numel());
        Assert.Equal(ScalarType.Float64, y.dtype);
        y.backward();

        var failures = new List<string>();
        for (var k = 0; k < inputs.Length; k++)
        {
            var analytic = leaves[k].grad?.ToArray<double>() ?? throw new Xunit.Sdk.XunitException($"input {k} got no gradient");
            Assert.Equal(inputs[k].Values.Length, analytic.Length);
            for (var i = 0; i < analytic.Length; i++)
            {
                var numeric = (Evaluate(f, inputs, k, i, +H) - Evaluate(f, inputs, k, i, -H)) / (2 * H);
                if (!(Math.Abs(analytic[i] - numeric) <= Tolerance * Math.Max(1, Math.Abs(numeric))))
                    failures.Add($"input {k} element {i}: autograd {analytic[i]:R}, finite differences {numeric:R}");
            }
        }
        Assert.True(failures.Count == 0, "gradient mismatch:\n" + string.Join("\n", failures.Take(10)));
    }

    /// <summary>f with element i of input k moved by delta, computed without recording a graph.</summary>
    private static double Evaluate(Func<Tensor[], Tensor> f, GradInput[] inputs, int k, int i, double delta)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var xs = inputs.Select((input, j) =>
        {
            var values = (double[])input.Values.Clone();
            if (j == k) values[i] += delta;
            return torch.tensor(values, input.Shape);
        }).ToArray();
        return f(xs).ToDouble();
    }

    /// <summary>A scalar that depends on every element of y with a different weight, so no gradient is trivially zero.</summary>
    public static Tensor Weighted(Tensor y)
    {
        var n = y.numel();
        var weights = torch.linspace(-1, 2, n, torch.float64).reshape(y.shape);
        return (y * weights).sum();
    }
}
