using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>
/// The KL term split by latent coordinate: the mean over images of ½(μ_j² + σ_j² − log σ_j² − 1), the nats of
/// information coordinate j carries about the image. A coordinate near 0 is unused ("inactive"): q(z_j|x) is the
/// prior for every image, and a latent traversal along it changes nothing. A larger β leaves fewer coordinates active.
/// </summary>
public static class KlPerDimension
{
    public static double[] Of(VaeModel model, Dataset data, int n = 1000)
    {
        n = Math.Min(n, data.Count);
        using var scope = torch.NewDisposeScope();
        using var inference = model.InferenceMode();
        var q = model.encode(data.Images.narrow(0, 0, n));
        return Elbo.kl_per_coordinate(q).mean([0]).to(torch.float64).data<double>().ToArray();
    }

    public static Figure Figure(string title, params (string Name, double[] Kl)[] models)
    {
        var series = models.Select(m =>
            new Series($"{m.Name} (total {m.Kl.Sum():F1} nats)", Enumerable.Range(1, m.Kl.Length).Select(j => (double)j).ToArray(), m.Kl)).ToArray();
        return Plots.Lines(title, "latent coordinate j", "KL of coordinate j (nats, mean over test images)", series);
    }
}
