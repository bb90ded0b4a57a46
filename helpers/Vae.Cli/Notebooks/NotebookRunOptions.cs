namespace Vae.Cli.Notebooks;

/// <summary>
/// Settings a run hands to the notebooks. They travel as environment variables (VAE_EPOCHS, VAE_SUBSET,
/// VAE_DEVICE, VAE_RUNS) because the notebooks read them that way in Polyglot too; null leaves a variable as it is.
/// </summary>
public sealed record NotebookRunOptions
{
    public int? Epochs { get; init; }

    public int? Subset { get; init; }

    public string? Device { get; init; }

    /// <summary>Where notebooks put checkpoints; used only when VAE_RUNS is not set already.</summary>
    public string? RunsDirectory { get; init; }

    /// <summary>Receives one line per code cell; null: the process's standard error as it was before the run.</summary>
    public TextWriter? Progress { get; init; }
}
