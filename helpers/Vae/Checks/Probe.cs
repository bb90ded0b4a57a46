using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>
/// The inputs of one check, drawn from its seed: the collector in the student's kernel and the judge (there, or in the
/// grader's process) draw the same tensors from the same <see cref="Seed"/>, each from a generator of its own, so judging
/// never touches the process's global random state and several judgements can run at once. Where the student's code draws
/// random numbers itself (ε in reparameterize), the collector seeds the global generator with <see cref="GlobalSeed"/>
/// and the judge redraws the same numbers with <see cref="Redraw"/>.
/// </summary>
internal sealed class Probe : IDisposable
{
    private readonly torch.Generator generator;

    public Probe(string check, long seed)
    {
        Seed = seed;
        // One stream per check and seed: FNV-1a of the name, mixed with the seed.
        var hash = check.Aggregate(14695981039346656037UL, (h, c) => (h ^ c) * 1099511628211UL) ^ (ulong)seed * 0x9E3779B97F4A7C15UL;
        generator = new torch.Generator(hash & 0x7FFF_FFFF_FFFF);
        GlobalSeed = (long)(hash >> 20 & 0xFFFF_FFFF);
    }

    public long Seed { get; }

    /// <summary>What the collector seeds the global generator with before calling code that draws its own numbers.</summary>
    public long GlobalSeed { get; }

    public Tensor rand(params long[] shape) => torch.rand(shape, generator: generator);

    public Tensor randn(params long[] shape) => torch.randn(shape, generator: generator);

    public Tensor bernoulli(Tensor p) => torch.bernoulli(p, generator: generator);

    /// <summary>A layer's weights of this shape, as a Linear layer's default initialization draws them: uniform in ±1/√fan-in (the last dimension).</summary>
    public Tensor Weights(long[] shape) => (2 * rand(shape) - 1) / Math.Sqrt(shape[^1]);

    /// <summary>Seeds the process's generator for the student's code that draws its own numbers (the <paramref name="call"/>-th time).</summary>
    public void SeedGlobal(int call) => manual_seed(GlobalSeed + call);

    /// <summary>
    /// The standard normals code draws after <see cref="SeedGlobal"/>(<paramref name="call"/>): each shape in turn, as
    /// consecutive randn_like calls would. Made with a generator of its own.
    /// </summary>
    public Tensor[] Redraw(int call, params long[][] shapes)
    {
        using var global = new torch.Generator((ulong)(GlobalSeed + call));
        return [.. shapes.Select(shape => torch.randn(shape, generator: global))];
    }

    public void Dispose() => generator.Dispose();
}
