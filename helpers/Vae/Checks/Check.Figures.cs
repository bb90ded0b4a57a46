using TorchSharp;
using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>Tasks 2–4: the encoding of the test images, their reconstructions, the latent grid and the prior samples.</summary>
public static partial class Check
{
    /// <summary>Task 2: <paramref name="z_mu"/> holds μ of the first n test images (n its number of rows), not σ or a sample.</summary>
    public static void encoding(Tensor? z_mu, VaeModel vae, Tensor x_test) => Run(nameof(encoding), () =>
    {
        var mu = Given(z_mu, "z_mu", "encode the first n_points test images in Task 2");
        if (mu.ndim != 2 || mu.shape[1] != vae.z_dim || mu.shape[0] > x_test.shape[0])
            throw new Mistake($"z_mu should be n_points × {vae.z_dim}, one code per test image; got {Shape(mu)}");
        var n = mu.shape[0];
        Posterior q;
        using (vae.InferenceMode()) q = vae.encode(x_test[..(int)n]);
        if (!Close(mu, q.mu, rtol: 1e-3, atol: 1e-4))
        {
            if (Close(mu, q.sigma, rtol: 1e-3, atol: 1e-4))
                throw new Mistake("z_mu holds σ, the encoder's standard deviations: the scatter shows the means μ, encode's first result");
            var standardized = (mu.to(q.mu.device) - q.mu) / q.sigma;
            if (Close(Scalar(standardized.std()), 1, atol: 0.25))
                throw new Mistake("z_mu holds samples z ~ q(z|x), not the means μ: scatter encode's μ (no reparameterize)");
            Tensor last;
            using (vae.InferenceMode()) last = vae.encode(x_test[^(int)n..]).mu;
            throw new Mistake(Close(mu, last, rtol: 1e-3, atol: 1e-4)
                ? "z_mu holds the last n test images' codes: take the first n_points, x_test[..n_points]"
                : "z_mu is not encode(x_test[..n_points]).μ: encode the first n_points test images and keep their means");
        }
        return $"z_mu is μ of the first {n:N0} test images";
    });

    /// <summary>Task 3: <paramref name="x_reconst"/> holds decode(μ(x)) as pixel probabilities, row by row as <paramref name="x_test"/>.</summary>
    public static void decoding(Tensor? x_reconst, VaeModel vae, Tensor x_test) => Run(nameof(decoding), () =>
    {
        var reconst = Given(x_reconst, "x_reconst", "decode the test images' means in Task 3");
        if (reconst.ndim != 2 || reconst.shape[1] != 784 || reconst.shape[0] > x_test.shape[0])
            throw new Mistake($"x_reconst should be N × 784, one row of pixels per test image; got {Shape(reconst)}");
        var k = (int)Math.Min(reconst.shape[0], 256);
        var shown = reconst[..k];
        Tensor logits;
        using (vae.InferenceMode()) logits = vae.decode(vae.encode(x_test[..k]).mu);
        if (!Close(shown, logits.sigmoid(), rtol: 1e-3, atol: 1e-4))
        {
            if (Scalar(shown.min()) < 0 || Scalar(shown.max()) > 1)
                throw new Mistake("x_reconst holds logits, outside [0, 1]: an image shows pixel probabilities, decode(μ).sigmoid()");
            throw new Mistake(Which(shown,
                    ("a sigmoid applied twice (all pixels between 0.5 and 0.73): decode gives logits, sigmoid them once", () => logits.sigmoid().sigmoid()),
                    ("x_reconst holds the originals: decode the codes μ(x) instead", () => x_test[..k]))
                ?? (Scalar((shown.to(logits.device) - logits.sigmoid()).abs().mean()) < 0.1
                    ? "x_reconst is near decode(μ(x)) but not equal: decode the means μ, not samples z"
                    : "x_reconst is not decode(μ(x)).sigmoid() of the test images, in their order"));
        }
        return $"x_reconst is decode(μ(x)).sigmoid() of the test images (the first {k} compared)";
    });

    /// <summary>
    /// Task 4: decode_grid(model, z_range) on a probe decoder and a 4-value range: the (4·28) × (4·28) image with z₁ growing
    /// to the right, z₂ upwards, each tile's pixels together. The wrong grids are built the same ways, so the message names
    /// each thing that differs.
    /// </summary>
    public static void latent_grid(Func<VaeModel, Tensor, Tensor> decode_grid) => Run(nameof(latent_grid), () =>
    {
        using var probe = new ProbeDecoder();
        var z_range = arange(-1, 1, 0.5);
        const int n = 4;
        var image = decode_grid(probe, z_range) ?? throw new Mistake("decode_grid returns null: return the tiled image");
        ExpectShape(image, "the grid ((n·28) × (n·28) for the n values of z_range; use the z_range decode_grid is given)", n * 28, n * 28);

        Tensor Grid(bool flip, bool xy, bool swap, bool sigmoid)
        {
            var z = stack(meshgrid([z_range, flip ? z_range.flip(0) : z_range], indexing: xy ? "xy" : "ij"), dim: -1).reshape(n * n, 2);
            var tiles = probe.decode(z);
            tiles = (sigmoid ? tiles.sigmoid() : tiles).reshape(n, n, 28, 28);
            return (swap ? tiles.swapaxes(1, 2) : tiles).reshape(n * 28, n * 28);
        }
        if (Close(image, Grid(true, true, true, true)))
            return "decode_grid tiles n² decoded codes into one image, z₁ growing to the right and z₂ upwards";
        foreach (var flip in new[] { true, false })
            foreach (var xy in new[] { true, false })
                foreach (var swap in new[] { true, false })
                    foreach (var sigmoid in new[] { true, false })
                        if (Close(image, Grid(flip, xy, swap, sigmoid)))
                        {
                            var faults = new List<string>();
                            if (!swap) faults.Add("the tiles are scrambled: swap axes 1 and 2 (reshape(n, n, 28, 28).swapaxes(1, 2)) before the last reshape, so each tile's rows stay together");
                            if (!xy) faults.Add("z₁ runs down the rows: meshgrid(…, indexing: \"xy\") puts z₁ across the columns");
                            if (!flip) faults.Add("z₂ grows downwards: run the second coordinate from the top down (z_range.flip(0)), so z₂ grows upwards as in the scatter plot");
                            if (!sigmoid) faults.Add("the image shows logits: decode(z).sigmoid() gives pixel probabilities");
                            throw new Mistake(string.Join("; and ", faults));
                        }
        throw new Mistake("the grid is not the decoded meshgrid of z_range tiled row by row: meshgrid, reshape(n * n, 2), decode, sigmoid, reshape(n, n, 28, 28), swapaxes(1, 2), reshape(n * 28, n * 28)");
    });

    /// <summary>Task 4: <paramref name="z"/> drawn from N(0, I), and <paramref name="samples"/> = decode(z).sigmoid().</summary>
    public static void prior_samples(Tensor? z, Tensor? samples, VaeModel vae) => Run(nameof(prior_samples), () =>
    {
        var codes = Given(z, "z", "draw the codes from the prior in Task 4");
        var images = Given(samples, "samples", "decode the codes in Task 4");
        if (codes.ndim != 2 || codes.shape[1] != vae.z_dim || codes.shape[0] < 16)
            throw new Mistake($"z should be N × {vae.z_dim} with N ≥ 16 codes, got {Shape(codes)}");
        if (Scalar(codes.min()) >= 0 && Scalar(codes.max()) < 1)
            throw new Mistake("z lies in [0, 1): rand draws uniformly; the prior is N(0, I), randn");
        var (mean, std) = (Scalar(codes.mean()), Scalar(codes.std()));
        if (Math.Abs(mean) > 0.5 || std is < 0.6 or > 1.5)
            throw new Mistake($"z should come from N(0, I), mean 0 and standard deviation 1; these have mean {mean:F2} and standard deviation {std:F2}");
        ExpectShape(images, "samples (one row of 784 pixels per code)", codes.shape[0], 784);
        Tensor logits;
        using (vae.InferenceMode()) logits = vae.decode(codes.to(vae.device));
        if (!Close(images, logits.sigmoid(), rtol: 1e-3, atol: 1e-4))
            throw new Mistake(Scalar(images.min()) < 0 || Scalar(images.max()) > 1
                ? "samples holds logits, outside [0, 1]: decode(z).sigmoid() gives pixel probabilities"
                : Which(images, ("a sigmoid applied twice: decode gives logits, sigmoid them once", () => logits.sigmoid().sigmoid()))
                    ?? "samples is not decode(z).sigmoid() for these z");
        return $"z is {codes.shape[0]} draws from N(0, I) and samples = decode(z).sigmoid()";
    });
}
