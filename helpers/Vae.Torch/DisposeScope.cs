namespace Vae.Torch;

/// <summary>
/// Disposes every tensor created on this thread while it is the innermost scope, except those moved
/// out (<see cref="Tensor.MoveToOuterDisposeScope"/>) or detached (<see cref="Tensor.DetachFromDisposeScope"/>).
/// One scope per training step frees all its intermediates deterministically instead of leaving
/// native memory to the garbage collector.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>The scope that was innermost when this one was opened, if any.</summary>
    public DisposeScope? Outer { get; }

    internal static DisposeScope? Current => current;

    /// <summary>How many live tensors this scope will dispose.</summary>
    public int Count => tensors.Count;

    internal void Add(Tensor t) => tensors.Add(t);
    internal bool Remove(Tensor t) => tensors.Remove(t);

    /// <summary>Moves a tensor to the enclosing scope (or to none), so it survives this one.</summary>
    public Tensor MoveToOuter(Tensor t) => ReferenceEquals(t.Scope, this) ? t.MoveToOuterDisposeScope() : t;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in tensors) t.DisposeHandle();
        tensors.Clear();
        // Scopes nest like `using` blocks; disposing out of order restores the nearest live outer one.
        if (current == this)
        {
            var outer = Outer;
            while (outer is { disposed: true }) outer = outer.Outer;
            current = outer;
        }
    }
}
