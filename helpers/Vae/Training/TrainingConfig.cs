using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Training;

/// <summary>Everything that defines a training run; saved in every checkpoint so a run can be resumed.</summary>
public sealed record TrainingConfig
{
    public string Dataset { get; init; } = "mnist";
    public ModelConfig Model { get; init; } = new();
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public double Lr { get; init; } = 1e-3;

    /// <summary>
    /// What training minimizes: "elbo" (the VAE's −ELBO, the default) or "autoencoder" (the lecture's plain
    /// auto-encoder on the same network: z = μ(x), no sampling, no KL; loss = −log p(x | μ(x))).
    /// </summary>
    public string Objective { get; init; } = "elbo";

    /// <summary>
    /// Train and test on these classes only, e.g. "0-8" for digits 0 to 8 or "1,7" (null: all ten); applied after
    /// <see cref="Subset"/>, so the first N images are taken and those of other classes dropped.
    /// Kept as text so that two configurations compare equal by value.
    /// </summary>
    public string? Classes { get; init; }

    /// <summary>Weight of the KL term; 0 is the lecture's "what if we omit the KL term?".</summary>
    public double Beta { get; init; } = 1;

    /// <summary>Monte Carlo samples of z per image in the reconstruction term.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Redraw each pixel as x ~ Bernoulli(intensity) every epoch (dynamic binarization).</summary>
    public bool Binarize { get; init; }

    public string Device { get; init; } = "auto";
    public long Seed { get; init; } = 1;

    /// <summary>Train on the first N training images only (null: all 60,000).</summary>
    public int? Subset { get; init; }

    /// <summary>Evaluate on the first N test images only (null: all 10,000).</summary>
    public int? TestSubset { get; init; }

    public int CheckpointEvery { get; init; } = 1;

    /// <summary>libtorch intra-op threads; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>The loss of a batch under this configuration's objective, with its parts (nats per image).</summary>
    public ElboTerms Loss(VaeModel model, Tensor x) =>
        Objective == "autoencoder" ? Autoencoder.loss(model, x) : Elbo.negative_elbo(model, x, Samples, Beta);

    /// <summary>
    /// Checks every value; an error names where the bad value came from: the command-line flag, or with
    /// <paramref name="file"/> the field of that checkpoint.json.
    /// </summary>
    public TrainingConfig Validate(string? file = null)
    {
        string Name(string flag, string field) => file is null ? $"--{flag}" : $"'config.{field}' in {file}";
        void Require(bool ok, string flag, string field, string problem)
        {
            if (!ok) throw new ArgumentException($"{Name(flag, field)} {problem}.");
        }
        Require(Epochs >= 1, "epochs", "epochs", $"must be at least 1, got {Epochs}");
        Require(BatchSize >= 1, "batch-size", "batchSize", $"must be at least 1, got {BatchSize}");
        Require(Lr > 0 && double.IsFinite(Lr), "lr", "lr", $"must be a positive number, got {Lr}");
        Require(Beta >= 0 && double.IsFinite(Beta), "beta", "beta", $"must be zero or positive, got {Beta}");
        Require(Samples >= 1, "samples", "samples", $"must be at least 1, got {Samples}");
        Require(Subset is null or >= 1, "subset", "subset", $"must be at least 1, got {Subset}");
        Require(TestSubset is null or >= 1, "test-subset", "testSubset", $"must be at least 1, got {TestSubset}");
        Require(CheckpointEvery >= 1, "checkpoint-every", "checkpointEvery", $"must be at least 1, got {CheckpointEvery}");
        Require(Threads >= 0, "threads", "threads", $"must be zero (one per core) or positive, got {Threads}");
        Require(Objective is "elbo" or "autoencoder", "objective", "objective", $"must be elbo or autoencoder, got '{Objective}'");
        Require(!string.IsNullOrEmpty(Dataset), "dataset", "dataset", "must name a data set (mnist or fashion-mnist)");
        Require(!string.IsNullOrEmpty(Device), "device", "device", "must name a device (cpu, cuda, cuda:N or auto)");
        if (Classes is not null) Vae.Data.LabelSet.Parse(Classes);
        Vae.Data.DataSource.Get(Dataset);
        return this with { Model = Model.Validate() };
    }
}
