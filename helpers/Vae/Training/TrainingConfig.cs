using System.Text.Json.Serialization;
using Vae.Data;
using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Training;

/// <summary>What training minimizes: the VAE's −ELBO, or the plain auto-encoder's reconstruction on the same network.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Objective>))]
public enum Objective { Elbo, Autoencoder }

/// <summary>Everything that defines a training run; saved in every checkpoint, so a run can be resumed exactly.</summary>
public sealed record TrainingConfig
{
    /// <summary>mnist or fashion-mnist.</summary>
    public string Dataset { get; init; } = "mnist";

    public ModelConfig Model { get; init; } = new();

    /// <summary>The lecture trains 100 epochs; 10 reach a −ELBO within a few nats of that.</summary>
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate, the lecture's 1e-3.</summary>
    public double Lr { get; init; } = 1e-3;

    public Objective Objective { get; init; } = Objective.Elbo;

    /// <summary>
    /// Train and test on these classes only, e.g. "0-8" or "1,7" (null: all ten); applied after <see cref="Subset"/>,
    /// so the first N images are taken and those of other classes dropped. Text, so that configurations compare by value.
    /// </summary>
    public string? Classes { get; init; }

    /// <summary>Weight β of the KL term: 0 is the lecture's "what if we omit the KL term?", above 1 a β-VAE.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>Samples of z per image in the reconstruction term.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Redraw each pixel as x ~ Bernoulli(intensity) every epoch (dynamic binarization).</summary>
    public bool Binarize { get; init; }

    /// <summary>cpu, cuda, cuda:N or auto (CUDA when available).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Fixes initialization, data order and sampling (on the CPU, exactly).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Train on the first N training images only (null: all 60,000).</summary>
    public int? Subset { get; init; }

    /// <summary>Evaluate on the first N test images only (null: all 10,000).</summary>
    public int? TestSubset { get; init; }

    public int CheckpointEvery { get; init; } = 1;

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's count (one per core, unless OMP_NUM_THREADS says otherwise).</summary>
    public int Threads { get; init; }

    /// <summary>The loss of each image of a batch under this configuration's objective, with its parts (nats per image).</summary>
    public ElboTerms LossPerImage(VaeModel model, Tensor x) => Objective == Objective.Autoencoder
        ? Autoencoder.loss_per_image(model, x)
        : Elbo.negative_elbo_per_image(model, x, Samples, Beta);

    /// <summary>Checks every value; a <see cref="ConfigurationException"/> names the property and the bad value.</summary>
    public TrainingConfig Validate()
    {
        static void Require(bool ok, string property, string problem)
        {
            if (!ok) throw new ConfigurationException(property, problem);
        }
        Require(Epochs >= 1, nameof(Epochs), $"must be at least 1, got {Epochs}");
        Require(BatchSize >= 1, nameof(BatchSize), $"must be at least 1, got {BatchSize}");
        Require(Lr > 0 && double.IsFinite(Lr), nameof(Lr), $"must be a positive number, got {Lr}");
        Require(Beta >= 0 && double.IsFinite(Beta), nameof(Beta), $"must be zero or positive, got {Beta}");
        Require(Samples >= 1, nameof(Samples), $"must be at least 1, got {Samples}");
        Require(Subset is null or >= 1, nameof(Subset), $"must be at least 1, got {Subset}");
        Require(TestSubset is null or >= 1, nameof(TestSubset), $"must be at least 1, got {TestSubset}");
        Require(CheckpointEvery >= 1, nameof(CheckpointEvery), $"must be at least 1, got {CheckpointEvery}");
        Require(Threads >= 0, nameof(Threads), $"must be zero (one per core) or positive, got {Threads}");
        Require(Enum.IsDefined(Objective), nameof(Objective), $"must be Elbo or Autoencoder, got {Objective}");
        Require(Dataset is "mnist" or "fashion-mnist", nameof(Dataset), $"must be mnist or fashion-mnist, got '{Dataset}'");
        Require(!string.IsNullOrWhiteSpace(Device), nameof(Device), "must name a device (cpu, cuda, cuda:N or auto)");
        Require(Model is not null, nameof(Model), "is missing");
        if (Classes is not null) LabelSet.Parse(Classes);
        try
        {
            return this with { Model = Model!.Validate() };
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{nameof(Model)}.{e.Property}", e.Problem);
        }
    }
}
