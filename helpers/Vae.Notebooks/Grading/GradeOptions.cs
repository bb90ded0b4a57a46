namespace Vae.Notebooks.Grading;

/// <summary>How a class is graded: the limits of each submission, how many run at once, what the notebooks are given.</summary>
public sealed record GradeOptions
{
    /// <summary>Wall-clock limit of one submission, kernel start included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Memory limit of one submission's processes together, in bytes.</summary>
    public long MemoryBytes { get; init; } = 4L << 30;

    /// <summary>Most processes and threads of one submission together: what a fork bomb meets.</summary>
    public int MaxProcesses { get; init; } = 1024;

    /// <summary>What one sealed submission may write, in bytes (its folder, home and /tmp: one tmpfs). Where control groups
    /// hold the memory limit, what it writes counts against that too: a tmpfs lives in memory.</summary>
    public long DiskBytes { get; init; } = 1L << 30;

    public int Jobs { get; init; } = 1;

    /// <summary>The teacher notebook to grade every submission against; null: each is matched to its own.</summary>
    public string? Against { get; init; }

    /// <summary>Run unsealed (trusted notebooks only): no bubblewrap, no memory, process or disk limit; the time limit still holds.</summary>
    public bool NoSandbox { get; init; }

    /// <summary>
    /// The variables a submission's kernel gets (the notebooks' settings), given the folder it may write to: where the
    /// workbook's settings enter grading.
    /// </summary>
    public Func<string, IReadOnlyDictionary<string, string>> Environment { get; init; } = _ => new Dictionary<string, string>();

    /// <summary>Where .NET and its caches are on this machine, which a sealed kernel is given to read.</summary>
    public KernelHost Host { get; init; } = KernelHost.Default;

    public TextWriter Progress { get; init; } = TextWriter.Null;
}
