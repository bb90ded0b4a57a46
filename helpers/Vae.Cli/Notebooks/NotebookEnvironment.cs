namespace Vae.Cli.Notebooks;

/// <summary>
/// The process-wide state a notebook run changes, restored on dispose: the current directory (the notebook's
/// folder, as in Polyglot), the VAE_* environment variables, and Console.Out/Error (captured into cell outputs).
/// </summary>
internal sealed class NotebookEnvironment : IDisposable
{
    private readonly string previousDirectory = Environment.CurrentDirectory;
    private readonly Dictionary<string, string?> previousVariables = [];
    private readonly TextWriter previousOut = Console.Out;
    private readonly TextWriter previousError = Console.Error;

    private NotebookEnvironment()
    {
    }

    /// <summary>The VAE_* variables as the cells see them.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public static NotebookEnvironment Enter(string notebookPath, NotebookRunOptions options, OutputSink sink)
    {
        var environment = new NotebookEnvironment();
        environment.Set("VAE_EPOCHS", options.Epochs?.ToString());
        environment.Set("VAE_SUBSET", options.Subset?.ToString());
        environment.Set("VAE_DEVICE", options.Device);
        // The report's <head> carries plotly.js once; figures need not inline it again.
        environment.Set("VAE_PLOTLY_PROVIDED", "1");
        if (Environment.GetEnvironmentVariable("VAE_RUNS") is null && options.RunsDirectory is { } runs)
        {
            environment.Set("VAE_RUNS", Path.GetFullPath(runs));
        }
        environment.Settings = new[] { "VAE_EPOCHS", "VAE_SUBSET", "VAE_DEVICE", "VAE_RUNS" }
            .Select(n => (Name: n, Value: Environment.GetEnvironmentVariable(n)))
            .Where(v => v.Value is not null)
            .ToDictionary(v => v.Name, v => v.Value!);

        Environment.CurrentDirectory = Path.GetDirectoryName(notebookPath)!;
        Console.SetOut(sink.Writer(CellOutputKind.StandardOutput));
        Console.SetError(sink.Writer(CellOutputKind.StandardError));
        return environment;
    }

    public void Dispose()
    {
        Console.SetOut(previousOut);
        Console.SetError(previousError);
        Environment.CurrentDirectory = previousDirectory;
        foreach (var (name, value) in previousVariables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    private void Set(string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        previousVariables.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
