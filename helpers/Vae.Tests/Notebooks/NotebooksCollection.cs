namespace Vae.Tests.Notebooks;

/// <summary>
/// Notebook runs change process-wide state (current directory, environment, Console.Out), so these tests run
/// alone: one at a time, and not beside other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebooksCollection
{
    public const string Name = "Notebooks";
}
