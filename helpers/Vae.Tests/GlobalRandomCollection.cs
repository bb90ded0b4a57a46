namespace Vae.Tests;

/// <summary>
/// Tests that compare two computations drawn from libtorch's one global generator after the same seed. Test classes
/// run in parallel, and a draw by another test in between would change the second computation's samples, so these
/// run on their own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "global random generator";
}
