using TorchSharp;
using Vae.Checks;
using Vae.Data;
using Vae.Training;
using Vae.Drawing;
using Vae.Models;
using static TorchSharp.torch;
using static Vae.Tests.Checks.ImplementationCheckTests;

namespace Vae.Tests.Checks;

/// <summary>A small VAE trained for one epoch on 2,048 MNIST images (a few seconds), and MNIST's test images, as the checks of Tasks 2–4 read them.</summary>
public sealed class TrainedVae : IDisposable
{
    private readonly Trainer trainer = Trainer.Create(new TrainingConfig
    {
        Model = new ModelConfig { Z = 2, Hidden = [64] }, Epochs = 1, Subset = 2048, TestSubset = 256, Device = "cpu", Seed = 3,
    });

    public TrainedVae()
    {
        trainer.Run();
        Test = Dataset.Load("mnist", Split.Test, CPU);
    }

    public VaeModel Model => trainer.Model;

    public Dataset Test { get; }

    public void Dispose()
    {
        trainer.Dispose();
        Test.Dispose();
    }
}

/// <summary>Mutation tests of the checks of Tasks 2–4, on a small trained VAE and MNIST's test images.</summary>
[Collection(GlobalRandomCollection.Name)]
public class FigureCheckTests(TrainedVae trained) : IClassFixture<TrainedVae>
{
    private (VaeModel vae, Tensor x_test, Tensor y_test) Setup()
    {
        manual_seed(3);
        return (trained.Model, trained.Test.Images, trained.Test.Labels);
    }

    /// <summary>What a notebook cell shows: the kernel formats it for display, as a cell's last expression or display(…).</summary>
    private static void Show(Figure figure) => NotebookDisplay.Record(figure);

    private static Figure Scatter(Tensor mu, Tensor? labels) => Plot.Scatter(mu[.., 0], mu[.., 1], color: labels);

    [Fact]
    public void Encoding_PassesTheFirstMeans_AndNamesSigmaSamplesAndTheWrongImages()
    {
        var (vae, x_test, y_test) = Setup();
        var q = vae.encode(x_test[..100]);
        var (mu, y) = (q.mu.detach(), y_test[..100]);
        Show(Scatter(mu, y));
        Check.encoding(mu, vae);
        Fails(() => Check.encoding(q.sigma.detach(), vae), "z_mu holds σ");
        Fails(() => Check.encoding(q.rsample().detach(), vae), "samples z ~ q(z|x), not the means");
        Fails(() => Check.encoding(vae.encode(x_test[^100..]).mu.detach(), vae), "the last n test images");
        Fails(() => Check.encoding(null, vae), "z_mu is not set");
        // A model made up to make the answer easy (its encoder zeroed: one code for every image) is not the notebook's.
        using var made = VaeModel.Create(new ModelConfig { Z = 2, Hidden = [64] });
        using (no_grad())
            foreach (var (name, p) in made.named_parameters().Where(p => p.name.StartsWith("encoder.", StringComparison.Ordinal)))
                p.zero_();
        var zeros = made.encode(x_test[..100]).mu.detach();
        Show(Scatter(zeros, y));
        Fails(() => Check.encoding(zeros, made), "the model's encoder gives every image the same code");
    }

    [Fact]
    public void Encoding_LooksAtTheScatterShown()
    {
        var (vae, x_test, y_test) = Setup();
        var (mu, y) = (vae.encode(x_test[..100]).mu.detach(), y_test[..100]);
        NotebookDisplay.TakeShownFigures();
        Fails(() => Check.encoding(mu, vae), "nothing was shown: end the cell with Plot.Scatter(…) (no ';' after it)");
        Show(Plot.Scatter(mu[.., 1], mu[.., 0], color: y));
        Fails(() => Check.encoding(mu, vae), "the scatter's axes are swapped");
        Show(Scatter(mu, null));
        Fails(() => Check.encoding(mu, vae), "the points are not coloured by digit");
        Show(Scatter(mu, y_test[^100..]));
        Fails(() => Check.encoding(mu, vae), "the colours are not the digits of the same images");
        Show(Scatter(mu[..50], y[..50]));
        Fails(() => Check.encoding(mu, vae), "the scatter shows 50 points where z_mu holds 100");
        Show(Plot.Image(rand(28, 28)));
        Fails(() => Check.encoding(mu, vae), "is not a scatter plot of μ");
    }

    [Fact]
    public void Decoding_PassesProbabilities_AndNamesLogitsAndADoubleSigmoid()
    {
        var (vae, x_test, _) = Setup();
        var logits = vae.decode(vae.encode(x_test).mu).detach();
        Tensor Pair(Tensor reconst) => stack([x_test[10], reconst[10]]);
        Show(Plot.Images(Pair(logits.sigmoid()), cols: 2, title: "Test image 10 and decode(μ(x))", colLabels: ["original", "reconstruction"]));
        Check.decoding(logits.sigmoid(), vae, 10);
        Fails(() => Check.decoding(logits, vae, 10), "holds logits");
        Fails(() => Check.decoding(logits.sigmoid().sigmoid(), vae, 10), "a sigmoid applied twice");
        Fails(() => Check.decoding(x_test, vae, 10), "the originals");
        // The picture: another image, the original twice, or nothing.
        Show(Plot.Images(Pair(logits.sigmoid())[..1], cols: 1));
        Fails(() => Check.decoding(logits.sigmoid(), vae, 10), "is not test image 10 beside its reconstruction");
        Show(Plot.Images(stack([x_test[10], x_test[10]]), cols: 2));
        Fails(() => Check.decoding(logits.sigmoid(), vae, 10), "the picture shows the original twice");
        Show(Plot.Image(cat([x_test[10].reshape(28, 28), logits.sigmoid()[10].reshape(28, 28)], dim: 1)));
        Check.decoding(logits.sigmoid(), vae, 10);
        NotebookDisplay.TakeShownFigures();
        Fails(() => Check.decoding(logits.sigmoid(), vae, 10), "nothing was shown");
    }

    private static Tensor Grid(VaeModel model, Tensor z_range, bool flip = true, string indexing = "xy", bool swap = true, bool sigmoid = true)
    {
        var n = z_range.shape[0];
        var z_grid = stack(meshgrid([z_range, flip ? z_range.flip(0) : z_range], indexing: indexing), dim: -1).reshape(n * n, 2);
        var x_grid = model.decode(z_grid);
        x_grid = (sigmoid ? x_grid.sigmoid() : x_grid).reshape(n, n, 28, 28);
        return (swap ? x_grid.swapaxes(1, 2) : x_grid).reshape(n * 28, n * 28);
    }

    [Fact]
    public void LatentGrid_PassesTheLecturesTiling_AndNamesScrambledTilesAndTheWrongOrientation()
    {
        Check.latent_grid((m, r) => Grid(m, r));
        Fails(() => Check.latent_grid((m, r) => Grid(m, r, swap: false)), "the tiles are scrambled");
        Fails(() => Check.latent_grid((m, r) => Grid(m, r, flip: false)), "z₂ grows downwards");
        Fails(() => Check.latent_grid((m, r) => Grid(m, r, indexing: "ij")), "z₁ runs down the rows");
        Fails(() => Check.latent_grid((m, r) => Grid(m, r, sigmoid: false)), "the image shows logits");
        Fails(() => Check.latent_grid((m, r) => Grid(m, arange(-1, 1, 0.1))), "use the z_range decode_grid is given");
    }

    private static Figure Tiled(Tensor samples, bool swap = true)
    {
        var tiles = samples.reshape(8, 8, 28, 28);
        return Plot.Image((swap ? tiles.swapaxes(1, 2) : tiles).reshape(8 * 28, 8 * 28), "Prior samples: decode(z), z ~ N(0, I)");
    }

    [Fact]
    public void PriorSamples_PassesDecodedNormalCodes_AndNamesUniformCodesAndLogits()
    {
        var (vae, _, _) = Setup();
        var z = randn(64, 2);
        var samples = vae.decode(z).detach().sigmoid();
        Show(Tiled(samples));
        Check.prior_samples(z, samples, vae);
        Fails(() => Check.prior_samples(rand(64, 2), vae.decode(rand(64, 2)).detach().sigmoid(), vae), "rand draws uniformly");
        Fails(() => Check.prior_samples(z, vae.decode(z).detach(), vae), "samples holds logits");
    }

    /// <summary>The samples tiled without the axis swap are stripes: the check looks at the picture, not only at z and samples.</summary>
    [Fact]
    public void PriorSamples_LooksAtThePictureShown()
    {
        var (vae, _, _) = Setup();
        var z = randn(64, 2);
        var samples = vae.decode(z).detach().sigmoid();
        Show(Tiled(samples, swap: false));
        Fails(() => Check.prior_samples(z, samples, vae), "scrambled into stripes");
        Show(Plot.Images(samples, cols: 8));
        Check.prior_samples(z, samples, vae);
        NotebookDisplay.TakeShownFigures();
        Fails(() => Check.prior_samples(z, samples, vae), "nothing was shown");
    }
}
