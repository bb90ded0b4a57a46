using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using Vae.Core;
using Vae.Drawing;
using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>
/// Tasks 2–4: the encoding of the test images, their reconstructions, the latent grid and the prior samples. The model is the
/// notebook's trained one: its configuration and weights go into the evidence, and the judge, which reads the MNIST test
/// images itself, computes the right tensors with it, once it has seen that the model is no degenerate one made up to make
/// the answer easy (an encoder that gives every image one code, a decoder that ignores z). Where the exercise's product is a
/// picture, the check also looks at the last figure the notebook showed.
/// </summary>
public static partial class Check
{
    /// <summary>At most this many rows of a large tensor are kept and compared: enough to tell every mistake apart.</summary>
    private const int Rows = 256;


    /// <summary>MNIST's test images and labels, as the notebooks load them, on the CPU: read once, by the judge.</summary>
    private static readonly Lazy<Data.Dataset> TestSet = new(() => Data.Dataset.Load("mnist", Data.Split.Test, CPU));

    /// <summary>Task 2: <paramref name="z_mu"/> holds μ of the first n test images (n its number of rows), scattered and coloured by digit.</summary>
    public static void encoding(Tensor? z_mu, VaeModel vae) => Run(nameof(encoding), (probe, evidence) =>
    {
        AddShownFigure(evidence);
        if (z_mu is null)
            return;
        evidence.Add("z_mu", z_mu.detach());
        AddModel(evidence, vae);
    });

    private static string JudgeEncoding(Probe probe, Evidence evidence)
    {
        var mu = Given(evidence, "z_mu", "encode the first n_points test images in Task 2");
        using var vae = NotebookModel(evidence);
        var test = TestSet.Value;
        if (mu.ndim != 2 || mu.shape[1] != vae.z_dim || mu.shape[0] > test.Images.shape[0])
            throw new Mistake("shape", $"z_mu should be n_points × {vae.z_dim}, one code per test image; got {Shape(mu)}");
        var n = (int)mu.shape[0];
        var k = Math.Min(n, Rows);
        var shown = mu[..k];
        Posterior q;
        using (vae.InferenceMode()) q = vae.encode(test.Images[..k]);
        if (!Close(shown, q.mu, rtol: 1e-3, atol: 1e-4))
        {
            var differs = Differs(shown, q.mu, "z_mu");
            if (Close(shown, q.sigma, rtol: 1e-3, atol: 1e-4))
                throw new Mistake("sigma", $"z_mu holds σ, the encoder's standard deviations ({differs}): the scatter shows the means μ, encode's first result");
            Tensor last;
            using (vae.InferenceMode()) last = vae.encode(test.Images[^n..][..k]).mu;
            if (Close(shown, last, rtol: 1e-3, atol: 1e-4))
                throw new Mistake("last-images", "z_mu holds the last n test images' codes: take the first n_points, x_test[..n_points]");
            throw Close(Scalar(((shown - q.mu) / q.sigma).std()), 1, atol: 0.25)
                ? new Mistake("samples", $"z_mu holds samples z ~ q(z|x), not the means μ ({differs}): scatter encode's μ (no reparameterize)")
                : new Mistake("not-mu", $"z_mu is not encode(x_test[..n_points]).μ ({differs}): encode the first n_points test images and keep their means");
        }
        JudgeScatter(evidence, mu, test.Labels[..n]);
        return $"z_mu is μ of the first {n:N0} test images, and the scatter shows them coloured by digit";
    }

    /// <summary>Task 3: <paramref name="x_reconst"/> holds decode(μ(x)) as pixel probabilities, and test image idx is shown beside its reconstruction.</summary>
    public static void decoding(Tensor? x_reconst, VaeModel vae, int idx) => Run(nameof(decoding), (probe, evidence) =>
    {
        AddShownFigure(evidence);
        if (x_reconst is null)
            return;
        var k = (int)Math.Min(x_reconst.ndim == 2 ? x_reconst.shape[0] : 0, Rows);
        evidence.Add("x_reconst", x_reconst[..k].detach());
        evidence.Add("shape", tensor(x_reconst.shape.Select(s => (float)s).ToArray()));
        evidence.Add("idx", idx);
        if (idx >= 0 && x_reconst.ndim == 2 && idx < x_reconst.shape[0])
            evidence.Add("reconstruction", x_reconst[idx].detach());
        AddModel(evidence, vae);
    });

    private static string JudgeDecoding(Probe probe, Evidence evidence)
    {
        var reconst = Given(evidence, "x_reconst", "decode the test images' means in Task 3");
        var shape = evidence["shape"];
        if (shape.numel() != 2 || Scalar(shape[1]) != 784)
            throw new Mistake("shape", $"x_reconst should be N × 784, one row of pixels per test image; got [{string.Join(", ", shape.ToArray<float>())}]");
        using var vae = NotebookModel(evidence);
        var test = TestSet.Value;
        var x = test.Images[..(int)reconst.shape[0]];
        Tensor logits;
        using (vae.InferenceMode()) logits = vae.decode(vae.encode(x).mu);
        if (!Close(reconst, logits.sigmoid(), rtol: 1e-3, atol: 1e-4))
        {
            var differs = Differs(reconst, logits.sigmoid(), "x_reconst");
            if (Scalar(reconst.min()) < 0 || Scalar(reconst.max()) > 1)
                throw new Mistake("logits", $"x_reconst holds logits, outside [0, 1] ({differs}): an image shows pixel probabilities, decode(μ).sigmoid()");
            throw Named(Which(reconst,
                    ("double-sigmoid", "a sigmoid applied twice (all pixels between 0.5 and 0.73): decode gives logits, sigmoid them once", () => logits.sigmoid().sigmoid()),
                    ("originals", "x_reconst holds the originals: decode the codes μ(x) instead", () => x)),
                "not-decoded", Scalar((reconst - logits.sigmoid()).abs().mean()) < 0.1
                    ? $"x_reconst is near decode(μ(x)) but not equal ({differs}): decode the means μ, not samples z"
                    : $"x_reconst is not decode(μ(x)).sigmoid() of the test images, in their order ({differs})");
        }
        var idx = (int)evidence.Number("idx");
        if (idx < 0 || idx >= test.Images.shape[0] || evidence.Find("reconstruction") is not { } reconstruction)
            throw new Mistake("idx", $"idx = {idx} is not a test image with a reconstruction");
        var original = test.Images[idx];
        var pair = stack([original, reconstruction]);
        JudgePicture(evidence, $"test image {idx} beside its reconstruction",
            [Plot.Images(pair, cols: 2), Plot.Images(pair, cols: 1), Plot.Image(cat([original.reshape(28, 28), reconstruction.reshape(28, 28)], dim: 1))],
            (Plot.Images(stack([original, original]), cols: 2), "original-twice", "the picture shows the original twice: the second image is x_reconst[idx]"));
        return $"x_reconst is decode(μ(x)).sigmoid() of the test images (the first {reconst.shape[0]} compared), and test image {idx} is shown beside it";
    }

    /// <summary>
    /// The probe decoder and the values of z the grid is asked for, drawn from the probe: logits = 4 (z₁ a + z₂ b) for two
    /// random images a and b, and four distinct values, so every misplaced tile shows.
    /// </summary>
    private static (ProbeDecoder Decoder, Tensor ZRange) GridInputs(Probe probe) =>
        (new ProbeDecoder(probe.randn(784), probe.randn(784)), (2 * probe.rand(4) - 1).sort().Values);

    /// <summary>
    /// Task 4: decode_grid(model, z_range) on a probe decoder and four values of z: the (4·28) × (4·28) image with z₁ growing to
    /// the right, z₂ upwards, each tile's pixels together. The wrong grids are built the same ways, so the message names each
    /// thing that differs.
    /// </summary>
    public static void latent_grid(Func<VaeModel, Tensor, Tensor> decode_grid) => Run(nameof(latent_grid), (probe, evidence) =>
    {
        var (decoder, z_range) = GridInputs(probe);
        using (decoder) evidence.Add("grid", decode_grid(decoder, z_range)?.detach());
    });

    private static string JudgeLatentGrid(Probe probe, Evidence evidence)
    {
        var (decoder, z_range) = GridInputs(probe);
        using var probeDecoder = decoder;
        const int n = 4;
        var image = evidence.Find("grid") ?? throw new Mistake("null", "decode_grid returns null: return the tiled image");
        ExpectShape(image, "the grid ((n·28) × (n·28) for the n values of z_range; use the z_range decode_grid is given)", n * 28, n * 28);

        Tensor Grid(bool flip, bool xy, bool swap, bool sigmoid)
        {
            var z = stack(meshgrid([z_range, flip ? z_range.flip(0) : z_range], indexing: xy ? "xy" : "ij"), dim: -1).reshape(n * n, 2);
            var tiles = probeDecoder.decode(z);
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
                            var faults = new List<(string Key, string Fault)>();
                            if (!swap) faults.Add(("scrambled", "the tiles are scrambled: swap axes 1 and 2 (reshape(n, n, 28, 28).swapaxes(1, 2)) before the last reshape, so each tile's rows stay together"));
                            if (!xy) faults.Add(("z1-down", "z₁ runs down the rows: meshgrid(…, indexing: \"xy\") puts z₁ across the columns"));
                            if (!flip) faults.Add(("z2-down", "z₂ grows downwards: run the second coordinate from the top down (z_range.flip(0)), so z₂ grows upwards as in the scatter plot"));
                            if (!sigmoid) faults.Add(("logits", "the image shows logits: decode(z).sigmoid() gives pixel probabilities"));
                            throw new Mistake(string.Join("+", faults.Select(f => f.Key)), string.Join("; and ", faults.Select(f => f.Fault)));
                        }
        throw new Mistake("not-the-grid", $"the grid is not the decoded meshgrid of z_range tiled row by row ({Differs(image, Grid(true, true, true, true), "grid")}): " +
                                          "meshgrid, reshape(n * n, 2), decode, sigmoid, reshape(n, n, 28, 28), swapaxes(1, 2), reshape(n * 28, n * 28)");
    }

    /// <summary>Task 4: <paramref name="z"/> drawn from N(0, I), <paramref name="samples"/> = decode(z).sigmoid(), shown tiled as the grid is.</summary>
    public static void prior_samples(Tensor? z, Tensor? samples, VaeModel vae) => Run(nameof(prior_samples), (probe, evidence) =>
    {
        AddShownFigure(evidence);
        evidence.Add("z", z?.detach());
        evidence.Add("samples", samples?.detach());
        AddModel(evidence, vae);
    });

    private static string JudgePriorSamples(Probe probe, Evidence evidence)
    {
        var codes = Given(evidence, "z", "draw the codes from the prior in Task 4");
        var images = Given(evidence, "samples", "decode the codes in Task 4");
        using var vae = NotebookModel(evidence);
        if (codes.ndim != 2 || codes.shape[1] != vae.z_dim || codes.shape[0] < 16)
            throw new Mistake("shape", $"z should be N × {vae.z_dim} with N ≥ 16 codes, got {Shape(codes)}");
        if (Scalar(codes.min()) >= 0 && Scalar(codes.max()) < 1)
            throw new Mistake("uniform", "z lies in [0, 1): rand draws uniformly; the prior is N(0, I), randn");
        var (mean, std) = (Scalar(codes.mean()), Scalar(codes.std()));
        if (Math.Abs(mean) > 0.5 || std is < 0.6 or > 1.5)
            throw new Mistake("moments", $"z should come from N(0, I), mean 0 and standard deviation 1; these have mean {mean:F2} and standard deviation {std:F2}");
        ExpectShape(images, "samples (one row of 784 pixels per code)", codes.shape[0], 784);
        Tensor logits;
        using (vae.InferenceMode()) logits = vae.decode(codes);
        if (!Close(images, logits.sigmoid(), rtol: 1e-3, atol: 1e-4))
        {
            var differs = Differs(images, logits.sigmoid(), "samples");
            throw Scalar(images.min()) < 0 || Scalar(images.max()) > 1
                ? new Mistake("logits", $"samples holds logits, outside [0, 1] ({differs}): decode(z).sigmoid() gives pixel probabilities")
                : Named(Which(images, ("double-sigmoid", "a sigmoid applied twice: decode gives logits, sigmoid them once", () => logits.sigmoid().sigmoid())),
                    "not-decoded", $"samples is not decode(z).sigmoid() for these z ({differs})");
        }
        var count = (int)codes.shape[0];
        var side = (int)Math.Round(Math.Sqrt(count));
        if (side * side == count)
        {
            var tiles = images.reshape(side, side, 28, 28);
            JudgePicture(evidence, $"the samples tiled {side} × {side}",
                [Plot.Image(tiles.swapaxes(1, 2).reshape(side * 28, side * 28)), Plot.Images(images, cols: side)],
                // The tiling without the swap: the picture a student sees as stripes.
                (Plot.Image(tiles.reshape(side * 28, side * 28)), "scrambled",
                    "the picture shows the samples' rows scrambled into stripes: reshape(n, n, 28, 28).swapaxes(1, 2) before the last reshape, as the grid does"));
        }
        return $"z is {count} draws from N(0, I), samples = decode(z).sigmoid(), and the picture shows them tiled";
    }

    // ---- the model and the picture in the evidence ----

    /// <summary>The notebook's model as the judge rebuilds it: its configuration and every tensor of its state.</summary>
    private static void AddModel(Evidence evidence, VaeModel vae)
    {
        evidence.Add("model.config", JsonSerializer.Serialize(vae.Config));
        foreach (var (name, value) in vae.state_dict())
            evidence.Add($"model.{name}", value.detach());
    }

    /// <summary>The model the evidence carries, once it is seen to map different images to different codes and codes to different images; else a mistake.</summary>
    private static VaeModel NotebookModel(Evidence evidence)
    {
        var config = JsonSerializer.Deserialize<ModelConfig>(evidence.Text("model.config"))
            ?? throw new InvalidDataException("no model configuration");
        var vae = VaeModel.Create(config.Validate());
        var state = evidence.Names.Where(n => n.StartsWith("model.", StringComparison.Ordinal)).ToDictionary(n => n["model.".Length..], n => evidence[n]);
        try
        {
            vae.load_state_dict(state);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            vae.Dispose();
            throw new InvalidDataException($"the model's weights do not fit its configuration ({e.Message.Split('\n')[0]})");
        }
        vae.eval();
        double codes, pixels;
        using (vae.InferenceMode())
        {
            codes = Scalar(vae.encode(TestSet.Value.Images[..Rows]).mu.std(0).min());
            var z = stack([full(vae.z_dim, -1f), full(vae.z_dim, 1f)]);
            var images = vae.decode(z).sigmoid();
            pixels = Scalar((images[0] - images[1]).abs().max());
        }
        if (!(codes > 1e-3 && pixels > 1e-3))
        {
            vae.Dispose();
            throw new Mistake("degenerate-model", "the model's encoder gives every image the same code, or its decoder every code the same image: the " +
                                                  "exercise uses the notebook's model as it was loaded, without changing its weights");
        }
        return vae;
    }

    /// <summary>What the notebook showed last, as the judge compares it: the points of a scatter plot, or an image's pixels.</summary>
    private static void AddShownFigure(Evidence evidence)
    {
        if (NotebookDisplay.TakeShownFigures().LastOrDefault() is not { } figure)
            return;
        evidence.Add("shown.title", figure.Title);
        if (figure.Picture is { } picture)
        {
            evidence.Add("shown.pixels", tensor(picture.Pixels, [picture.Height, picture.Width]));
            return;
        }
        var points = figure.Data.OfType<JsonObject>()
            .Where(trace => trace["type"]?.GetValue<string>() == "scatter" && trace["customdata"] is JsonArray)
            .SelectMany(trace =>
            {
                var label = int.TryParse(trace["name"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : -1;
                var (x, y, index) = (trace["x"]!.AsArray(), trace["y"]!.AsArray(), trace["customdata"]!.AsArray());
                return index.Select((i, j) => (Index: i!.GetValue<int>(), X: x[j]?.GetValue<double>() ?? double.NaN, Y: y[j]?.GetValue<double>() ?? double.NaN, Label: label));
            })
            .OrderBy(p => p.Index).ToList();
        if (points.Count > 0)
            evidence.Add("shown.points", tensor(points.SelectMany(p => new[] { (float)p.X, (float)p.Y, p.Label }).ToArray(), [points.Count, 3]));
    }

    private static void JudgeScatter(Evidence evidence, Tensor mu, Tensor labels)
    {
        if (!evidence.Has("shown.title"))
            throw new Mistake("nothing-shown", "nothing was shown: end the cell with Plot.Scatter(…) (no ';' after it) or display(…) it");
        var points = evidence.Find("shown.points")
            ?? throw new Mistake("not-a-scatter", $"the last figure shown, \"{evidence.Text("shown.title")}\", is not a scatter plot of μ: Plot.Scatter(z_mu[.., 0], z_mu[.., 1], color: …)");
        var n = mu.shape[0];
        if (points.shape[0] != n)
            throw new Mistake("point-count", $"the scatter shows {points.shape[0]} points where z_mu holds {n}: plot every row of z_mu");
        var (x, y, label) = (points[.., 0], points[.., 1], points[.., 2]);
        if (!Close(x, mu[.., 0], rtol: 1e-3, atol: 1e-4) || !Close(y, mu[.., 1], rtol: 1e-3, atol: 1e-4))
            throw Close(x, mu[.., 1], rtol: 1e-3, atol: 1e-4) && Close(y, mu[.., 0], rtol: 1e-3, atol: 1e-4)
                ? new Mistake("axes-swapped", "the scatter's axes are swapped: μ₁ (z_mu[.., 0]) goes across, μ₂ (z_mu[.., 1]) up")
                : new Mistake("not-mu-scatter", $"the scatter does not show μ₁ against μ₂ ({Differs(x, mu[.., 0], "x")}): Plot.Scatter(z_mu[.., 0], z_mu[.., 1], …)");
        if (Scalar(label.min()) < 0)
            throw new Mistake("no-colour", "the points are not coloured by digit: Plot.Scatter(…, color: y_test[..n_points])");
        if (!Close(label, labels.to(float32), atol: 0))
            throw new Mistake("wrong-colour", "the colours are not the digits of the same images: color: y_test[..n_points], in the order of z_mu");
    }

    /// <summary>
    /// The last figure shown is one of the <paramref name="accepted"/> pictures (the layouts a student may choose), else a
    /// mistake: the <paramref name="wrong"/> picture's own when it is that one, or one naming what it should have been.
    /// </summary>
    private static void JudgePicture(Evidence evidence, string what, Figure[] accepted, (Figure Figure, string Key, string Mistake) wrong)
    {
        if (!evidence.Has("shown.title"))
            throw new Mistake("nothing-shown", $"nothing was shown: end the cell with the picture of {what} (no ';' after it) or display(…) it");
        if (!evidence.Has("shown.pixels"))
            throw new Mistake("not-an-image", $"the last figure shown, \"{evidence.Text("shown.title")}\", is not an image: show {what}");
        if (accepted.Any(figure => Matches(evidence, figure)))
            return;
        throw Matches(evidence, wrong.Figure) ? new Mistake(wrong.Key, wrong.Mistake)
            : new Mistake("wrong-picture", $"the last picture shown, \"{evidence.Text("shown.title")}\", is not {what}");
    }

    private static bool Matches(Evidence evidence, Figure figure) =>
        figure.Picture is { } picture && evidence.Find("shown.pixels") is { } shown
        && Close(shown, tensor(picture.Pixels, [picture.Height, picture.Width]), rtol: 1e-3, atol: 1e-4);
}
