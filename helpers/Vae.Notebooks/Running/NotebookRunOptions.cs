namespace Vae.Notebooks.Running;

/// <summary>What a run hands to the notebooks, and where it tells how they go.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>
    /// Variables the kernel process gets on top of this process's environment: how a caller passes settings to the notebooks
    /// (they read them in Polyglot the same way). Shown in the report's header.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives one line per code cell; null: the process's standard error.</summary>
    public TextWriter? Progress { get; init; }
}
