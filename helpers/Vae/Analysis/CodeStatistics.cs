using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// Where the codes of real images lie, per latent dimension: the mean and standard deviation of z over test images.
/// Decoding z ~ N(0, I) makes digits only if the codes the decoder was trained on look like N(0, I) too: mean 0
/// and standard deviation 1 in every dimension. <see cref="PriorGap"/> sums KL(N(mean, std²) ‖ N(0, 1)) over the
/// dimensions, a one-number distance of the codes from the prior (0 when they match it in mean and spread).
/// </summary>
public sealed record CodeStatistics(string Name, double[] Mean, double[] Std)
{
    public double PriorGap => Mean.Zip(Std, (m, s) => 0.5 * (m * m + s * s - Math.Log(s * s) - 1)).Sum();

    /// <summary>
    /// The codes of the first n images: z ~ q(z|x) (one draw each, the codes a VAE's decoder is trained on) when
    /// <paramref name="sample"/>, else z = μ(x) (the codes of an auto-encoder, which never samples).
    /// </summary>
    public static CodeStatistics Of(string name, VaeModel model, Dataset data, bool sample, int n = 1000)
    {
        n = Math.Min(n, data.Count);
        using var scope = torch.NewDisposeScope();
        using var inference = model.InferenceMode();
        var q = model.encode(data.Images.narrow(0, 0, n));
        var z = sample ? q.rsample() : q.mu;
        return new CodeStatistics(name, z.mean([0]).to(torch.float64).data<double>().ToArray(), z.std(0).to(torch.float64).data<double>().ToArray());
    }

    /// <summary>Mean and standard deviation per dimension for each model, against the prior's 0 and 1.</summary>
    public static Figure Figure(string title, params CodeStatistics[] models)
    {
        var d = models.Max(m => m.Mean.Length);
        var dims = Enumerable.Range(1, d).Select(j => (double)j).ToArray();
        var series = models.SelectMany(m => new[]
        {
            new Series($"{m.Name}: standard deviation", dims[..m.Std.Length], m.Std),
            new Series($"{m.Name}: mean", dims[..m.Mean.Length], m.Mean, "dot"),
        }).Concat(
        [
            new Series("prior N(0, I): standard deviation 1", [1, d], [1, 1], "dash"),
            new Series("prior N(0, I): mean 0", [1, d], [0, 0], "dash"),
        ]).ToArray();
        return Plots.Lines(title, "latent dimension j", "mean and standard deviation of z_j over test images", series);
    }
}
