namespace Vae.Tests.Notebooks;

/// <summary>
/// Each notebook run starts a kernel process that takes the machine's cores for seconds to minutes, and the workbook's
/// runs share one runs folder (the first trains what the next loads): so these tests run alone, one at a time and
/// not beside other test classes, where their timings and their order stay predictable.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebooksCollection : ICollectionFixture<QuickRuns>
{
    public const string Name = "Notebooks";
}

/// <summary>
/// The runs folder (VAE_RUNS) the workbook's notebooks share in quick mode, for every test that runs all of them
/// (headless and in Jupyter): the first such test trains the models, the next loads them, as a class would.
/// </summary>
public sealed class QuickRuns : IDisposable
{
    public string Folder { get; } = TestPaths.TempDirectory("quick-runs");

    private readonly Lazy<Task<WorkbookRun>> workbook;

    public QuickRuns() => workbook = new(() => WorkbookRun.RunAsync(Folder));

    /// <summary>The notebooks run headless once in this folder, and their report: shared by the tests that check it.</summary>
    public Task<WorkbookRun> Workbook => workbook.Value;

    /// <summary>The checkpoints take about 180 MB: gone with the test run.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing the run for.
        }
    }

    /// <summary>The quick settings: one epoch on 2,000 images, on the CPU.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["VAE_EPOCHS"] = "1", ["VAE_SUBSET"] = "2000", ["VAE_DEVICE"] = "cpu", ["VAE_RUNS"] = Folder,
    };
}
