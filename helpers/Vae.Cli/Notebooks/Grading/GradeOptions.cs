namespace Vae.Cli.Notebooks.Grading;

/// <summary>How a class is graded: the limits of each submission, how many run at once, the notebooks' settings.</summary>
public sealed record GradeOptions
{
    /// <summary>Wall-clock limit of one submission, kernel start included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Memory limit of one submission's processes together, in bytes.</summary>
    public long MemoryBytes { get; init; } = 4L << 30;

    /// <summary>Most processes and threads of one submission together: what a fork bomb meets.</summary>
    public int MaxProcesses { get; init; } = 1024;

    public int Jobs { get; init; } = 1;

    /// <summary>The teacher notebook to grade every submission against; null: each is matched to its own.</summary>
    public string? Against { get; init; }

    /// <summary>Run unsealed (trusted notebooks only): no bubblewrap, no memory limit; the time limit still holds.</summary>
    public bool NoSandbox { get; init; }

    /// <summary>VAE_EPOCHS, VAE_SUBSET, VAE_DEVICE for the notebooks (the workbook's quick settings by default).</summary>
    public int Epochs { get; init; } = 1;

    public int Subset { get; init; } = 2000;

    public string Device { get; init; } = "cpu";

    public TextWriter Progress { get; init; } = TextWriter.Null;
}
