using TorchSharp;
using Vae.Checks;
using Vae.Models;
using static TorchSharp.torch;
using static Vae.Tests.Checks.ImplementationCheckTests;

namespace Vae.Tests.Checks;

/// <summary>Mutation tests of the checks of Tasks 2–4, on a small untrained VAE and random images.</summary>
[Collection(GlobalRandomCollection.Name)]
public class FigureCheckTests
{
    private static (VaeModel vae, Tensor x_test) Setup()
    {
        manual_seed(3);
        return (VaeModel.Create(new ModelConfig { Z = 2, Hidden = [32] }), rand(300, 784));
    }

    [Fact]
    public void Encoding_PassesTheFirstMeans_AndNamesSigmaSamplesAndTheWrongImages()
    {
        var (vae, x_test) = Setup();
        var q = vae.encode(x_test[..100]);
        Check.encoding(q.mu.detach(), vae, x_test);
        Fails(() => Check.encoding(q.sigma.detach(), vae, x_test), "z_mu holds σ");
        Fails(() => Check.encoding(q.rsample().detach(), vae, x_test), "samples z ~ q(z|x), not the means");
        Fails(() => Check.encoding(vae.encode(x_test[^100..]).mu.detach(), vae, x_test), "the last n test images");
        Fails(() => Check.encoding(null, vae, x_test), "z_mu is not set");
    }

    [Fact]
    public void Decoding_PassesProbabilities_AndNamesLogitsAndADoubleSigmoid()
    {
        var (vae, x_test) = Setup();
        var logits = vae.decode(vae.encode(x_test).mu).detach();
        Check.decoding(logits.sigmoid(), vae, x_test);
        Fails(() => Check.decoding(logits, vae, x_test), "holds logits");
        Fails(() => Check.decoding(logits.sigmoid().sigmoid(), vae, x_test), "a sigmoid applied twice");
        Fails(() => Check.decoding(x_test, vae, x_test), "the originals");
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

    [Fact]
    public void PriorSamples_PassesDecodedNormalCodes_AndNamesUniformCodesAndLogits()
    {
        var (vae, _) = Setup();
        var z = randn(64, 2);
        var logits = vae.decode(z).detach();
        Check.prior_samples(z, logits.sigmoid(), vae);
        Fails(() => Check.prior_samples(rand(64, 2), vae.decode(rand(64, 2)).detach().sigmoid(), vae), "rand draws uniformly");
        Fails(() => Check.prior_samples(z, logits, vae), "samples holds logits");
    }
}
