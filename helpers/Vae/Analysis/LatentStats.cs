using Vae.Data;
using Vae.Figures;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae;

/// <summary>Where one class lives in the latent space: the mean and spread of its encoder means μ.</summary>
public sealed record ClassCentroid(string Label, int Count, float[] Mean, float Spread);

/// <summary>Answers to the lecture's "Who are they?": which classes live where in the latent space.</summary>
public static class LatentStats
{
    /// <summary>Mean μ per class over the first n images, and the class's spread (root mean squared distance to it).</summary>
    public static IReadOnlyList<ClassCentroid> Centroids(VaeModel model, Dataset data, int n = 1000)
    {
        n = Math.Min(n, data.Count);
        var d = model.z_dim;
        var mu = VaePlots.EncoderMeans(model, data, n);
        long[] labels;
        using (var head = data.Labels.narrow(0, 0, n)) labels = head.data<long>().ToArray();
        return labels.Distinct().Order().Select(label =>
        {
            var members = Enumerable.Range(0, n).Where(i => labels[i] == label).ToArray();
            var mean = Enumerable.Range(0, d).Select(j => (float)members.Average(i => mu[i * d + j])).ToArray();
            var spread = Math.Sqrt(members.Average(i => Enumerable.Range(0, d).Sum(j => Math.Pow(mu[i * d + j] - mean[j], 2))));
            return new ClassCentroid(data.Source.ClassNames[label], members.Length, mean, (float)spread);
        }).ToList();
    }

    public static HtmlTable Table(IReadOnlyList<ClassCentroid> centroids, string? caption = null) => new(
        ["class", "images", .. Enumerable.Range(1, centroids[0].Mean.Length).Select(j => $"mean μ{j}"), "spread"],
        centroids.Select(c => (IReadOnlyList<string>)[c.Label, c.Count.ToString(), .. c.Mean.Select(m => m.ToString("F2")), c.Spread.ToString("F2")]).ToList(),
        caption);

    /// <summary>The decoded class centroids, decode(mean μ of the class): each class's "typical" image.</summary>
    public static Figure DecodedCentroids(VaeModel model, IReadOnlyList<ClassCentroid> centroids, string title = "decode(class mean of μ)")
    {
        var images = VaePlots.Decode(model, centroids.SelectMany(c => c.Mean).ToArray());
        var row = Tiling.Tile(images, centroids.Count, Dataset.ImageSize, Dataset.ImageSize, 1, centroids.Count, gap: 2);
        return Plots.Image(row.Upscale(2), $"{title}: {centroids[0].Label} … {centroids[^1].Label}");
    }
}
