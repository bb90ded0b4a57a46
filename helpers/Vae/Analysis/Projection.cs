namespace Vae;

/// <summary>Projections of latent codes to two dimensions for plotting when z > 2.</summary>
public static class Projection
{
    /// <summary>
    /// The first two principal components of n points of dimension d (row-major), as n × 2, with the
    /// fraction of the variance they explain. Power iteration on the d × d covariance; d is small.
    /// </summary>
    public static float[] PrincipalComponents(float[] points, int n, int d, out double explained)
    {
        var mean = new double[d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) mean[j] += points[i * d + j] / (double)n;
        var cov = new double[d, d];
        for (var i = 0; i < n; i++)
            for (var a = 0; a < d; a++)
                for (var b = 0; b < d; b++)
                    cov[a, b] += (points[i * d + a] - mean[a]) * (points[i * d + b] - mean[b]) / Math.Max(1, n - 1);
        var total = Enumerable.Range(0, d).Sum(j => cov[j, j]);
        var first = TopEigenvector(cov, d, out var l1);
        // Deflate, then the second component is the top eigenvector of what remains.
        for (var a = 0; a < d; a++)
            for (var b = 0; b < d; b++) cov[a, b] -= l1 * first[a] * first[b];
        var second = TopEigenvector(cov, d, out var l2);
        explained = total > 0 ? (l1 + l2) / total : 0;
        var result = new float[n * 2];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++)
            {
                var centered = points[i * d + j] - mean[j];
                result[2 * i] += (float)(centered * first[j]);
                result[2 * i + 1] += (float)(centered * second[j]);
            }
        return result;
    }

    private static double[] TopEigenvector(double[,] m, int d, out double eigenvalue)
    {
        var v = Enumerable.Range(0, d).Select(i => 1.0 + 0.01 * i).ToArray();
        eigenvalue = 0;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            var w = new double[d];
            for (var a = 0; a < d; a++)
                for (var b = 0; b < d; b++) w[a] += m[a, b] * v[b];
            var norm = Math.Sqrt(w.Sum(x => x * x));
            if (norm == 0) return v;
            for (var a = 0; a < d; a++) w[a] /= norm;
            var change = w.Zip(v, (x, y) => Math.Abs(x - y)).Max();
            v = w;
            eigenvalue = norm;
            if (change < 1e-10) break;
        }
        // A sign convention so the same model gives the same picture every time.
        if (v.Sum() < 0) for (var a = 0; a < d; a++) v[a] = -v[a];
        return v;
    }
}
