using Vae.Core;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Drawing;

namespace Vae.Analysis;

/// <summary>
/// Where the codes of real images lie, per latent coordinate j: their mean and standard deviation over images (against
/// the prior's 0 and 1), and the nats of information each coordinate carries, its part of the KL term.
/// </summary>
public sealed record CodeMoments(string Name, double[] Mean, double[] Std)
{
    /// <summary>Σⱼ KL(N(meanⱼ, stdⱼ²) ‖ N(0, 1)): how far the codes are from the prior in mean and spread (0 when they match it).</summary>
    public double PriorGap => Mean.Zip(Std, (m, s) => 0.5 * (m * m + s * s - Math.Log(s * s) - 1)).Sum();
}

public static class LatentStatistics
{
    /// <summary>
    /// Mean and standard deviation per coordinate of the codes of the first n images: z ~ q(z|x) (one draw each, the
    /// codes a VAE's decoder is trained on) when <paramref name="sample"/>, else z = μ(x) (an auto-encoder's codes).
    /// </summary>
    public static CodeMoments Codes(string name, VaeModel model, Dataset data, bool sample, int n = 1000)
    {
        using var scope = NewDisposeScope();
        var z = model.Batched(data.Images[..Math.Min(n, data.Count)], x => sample ? model.encode(x).rsample() : model.encode(x).mu);
        return new CodeMoments(name, z.mean([0]).ToArray<double>(), z.std(0).ToArray<double>());
    }

    /// <summary>
    /// The KL term split by coordinate, ½(μⱼ² + σⱼ² − log σⱼ² − 1) averaged over the first n images: near 0, coordinate j
    /// is unused ("inactive"), q(zⱼ|x) is the prior for every image and a traversal along it changes nothing.
    /// </summary>
    public static double[] KlPerCoordinate(VaeModel model, Dataset data, int n = 1000)
    {
        using var scope = NewDisposeScope();
        return model.Batched(data.Images[..Math.Min(n, data.Count)], x => Elbo.kl_per_coordinate(model.encode(x))).mean([0]).ToArray<double>();
    }

    /// <summary>Mean (dotted) and standard deviation (solid) per coordinate for each model, against the prior's 0 and 1.</summary>
    public static Figure CodesFigure(string title, params CodeMoments[] models)
    {
        var d = models.Max(m => m.Mean.Length);
        return Plot.Lines(title, "latent coordinate j", "mean and standard deviation of z_j over test images",
        [
            .. models.SelectMany(m => new Series[]
            {
                new($"{m.Name}: standard deviation", Coordinates(m.Std.Length), m.Std),
                new($"{m.Name}: mean", Coordinates(m.Mean.Length), m.Mean, "dot"),
            }),
            new("prior N(0, I): standard deviation 1", [1, d], [1, 1], "dash"),
            new("prior N(0, I): mean 0", [1, d], [0, 0], "dash"),
        ]);
    }

    public static Figure KlFigure(string title, params (string Name, double[] Kl)[] models) =>
        Plot.Lines(title, "latent coordinate j", "KL of coordinate j (nats, mean over test images)",
            [.. models.Select(m => new Series($"{m.Name} (total {m.Kl.Sum():F1} nats)", Coordinates(m.Kl.Length), m.Kl))]);

    private static double[] Coordinates(int d) => [.. Enumerable.Range(1, d).Select(j => (double)j)];
}
