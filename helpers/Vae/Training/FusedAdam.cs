using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Core;

namespace Vae.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015, Algorithm 1, with PyTorch's bias correction and ε outside the square root) whose
/// whole update of a float32 CPU parameter is one vectorized pass over its memory: m, v and the parameter are
/// each read and written once. TorchSharp's Adam makes about eight tensor passes and temporaries per parameter,
/// which on the lecture model costs as much as a fifth of a step (and in a notebook kernel, as much as the rest of the
/// step). Called as optim.Adam is: zero_grad(), then step() after backward(). On other devices or dtypes the same update runs
/// as tensor operations. State per parameter i: "state.{i}.step" (int64), "state.{i}.exp_avg" (m),
/// "state.{i}.exp_avg_sq" (v), as PyTorch names it. A torch.optim.Optimizer, so that code written for optim.Adam (a
/// training step that takes an <c>optim.Optimizer</c>) takes this one too.
/// </summary>
public sealed class FusedAdam : optim.Optimizer
{
    private readonly Tensor[] weights;
    private readonly Tensor?[] m, v;
    private readonly long[] steps;
    private const float SmallestNormal = 1.17549435e-38f;

    public FusedAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : base(IntPtr.Zero)   // a managed optimizer: no native libtorch object behind it
    {
        weights = [.. parameters];
        if (weights.Length == 0) throw new ArgumentException("Adam needs at least one parameter to optimize.", nameof(parameters));
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), $"the learning rate must be a positive number, got {lr}");
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam's betas must lie in [0, 1), got ({beta1}, {beta2})");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), $"ε must be positive, got {eps}");
        (this.lr, this.beta1, this.beta2, this.eps) = (lr, beta1, beta2, eps);
        m = new Tensor?[weights.Length];
        v = new Tensor?[weights.Length];
        steps = new long[weights.Length];
    }

    public double lr { get; set; }
    public double beta1 { get; }
    public double beta2 { get; }
    public double eps { get; }

    /// <summary>Drops every parameter's gradient (set to none), as PyTorch's zero_grad does by default.</summary>
    public override void zero_grad()
    {
        foreach (var p in weights)
        {
            var g = p.grad;
            if (g is null) continue;
            p.grad = null;
            g.Dispose();
        }
    }

    /// <summary>The parameters it updates (those given as <see cref="Parameter"/>s).</summary>
    public override IEnumerable<Parameter> parameters() => weights.OfType<Parameter>();

    /// <summary>One Adam update of every parameter that has a gradient; the closure's loss, if one is given, first.</summary>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
            using (enable_grad())
                loss = closure();
        Update();
        return loss!;
    }

    private unsafe void Update()
    {
        using var _ = no_grad();
        for (var i = 0; i < weights.Length; i++)
        {
            using var grad = weights[i].grad;
            if (grad is null) continue;
            var p = weights[i];
            m[i] ??= zeros_like(p).DetachFromDisposeScope();
            v[i] ??= zeros_like(p).DetachFromDisposeScope();
            var t = ++steps[i];
            var bias1 = 1 - Math.Pow(beta1, t);
            var bias2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, t));
            if (IsFusable(p, grad, m[i]!, v[i]!))
                StepFloat32(Floats(p), Floats(grad), Floats(m[i]!), Floats(v[i]!), (float)(lr / bias1), (float)(1 / bias2Sqrt), p.numel());
            else
                StepTensors(p, grad, m[i]!, v[i]!, lr / bias1, bias2Sqrt);
        }
    }

    private static bool IsFusable(params Tensor[] tensors) =>
        tensors.All(t => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous());

    private static unsafe float* Floats(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    // Large parameters are split between the cores: the update is memory-bound, and libtorch's own threads are
    // idle between backward and the next forward.
    private const int ParallelFrom = 1 << 16;

    private unsafe void StepFloat32(float* p, float* g, float* m, float* v, float stepSize, float invBias2Sqrt, long n)
    {
        var parts = n >= ParallelFrom ? Environment.ProcessorCount : 1;
        if (parts == 1)
        {
            Update(p, g, m, v, stepSize, invBias2Sqrt, (int)n);
            return;
        }
        // Chunks of whole vectors, so that only the last one has a scalar tail.
        var chunk = (n / parts + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        nint pp = (nint)p, gp = (nint)g, mp = (nint)m, vp = (nint)v;
        Parallel.For(0, parts, k =>
        {
            var start = k * chunk;
            var length = (int)Math.Min(chunk, n - start);
            if (length > 0)
                Update((float*)pp + start, (float*)gp + start, (float*)mp + start, (float*)vp + start, stepSize, invBias2Sqrt, length);
        });
    }

    // The update of m and v is PyTorch's (lerp for m); ε is added after the bias correction, as there.
    // Optimized from the first call: at tier 0 the vector loop ran several times slower for the first steps of a run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Update(float* pp, float* gp, float* mp, float* vp, float stepSize, float invBias2Sqrt, int n)
    {
        var p = new Span<float>(pp, n); var g = new Span<float>(gp, n); var m = new Span<float>(mp, n); var v = new Span<float>(vp, n);
        float b1 = (float)beta1, b2 = (float)beta2, e = (float)eps;
        // Moments that decay below the smallest normal float are stored as 0: subnormal arithmetic is so slow on
        // x86 that epochs 2 and later ran 2-3x slower once unused pixels' moments got there.
        var tiny = new Vector<float>(SmallestNormal);
        var vc1 = new Vector<float>(1 - b1);
        var vb2 = new Vector<float>(b2); var vc2 = new Vector<float>(1 - b2);
        var ve = new Vector<float>(e); var vs = new Vector<float>(stepSize); var vk = new Vector<float>(invBias2Sqrt);
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p); var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m); var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        for (var k = 0; k < pv.Length; k++)
        {
            var gk = gv[k];
            var mk = mv[k] + vc1 * (gk - mv[k]);
            var vk2 = vb2 * vv[k] + vc2 * gk * gk;
            mk = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(mk), tiny), Vector<float>.Zero, mk);
            vk2 = Vector.ConditionalSelect(Vector.LessThan(vk2, tiny), Vector<float>.Zero, vk2);
            mv[k] = mk;
            vv[k] = vk2;
            pv[k] -= vs * (mk / (Vector.SquareRoot(vk2) * vk + ve));
        }
        for (var i = pv.Length * Vector<float>.Count; i < n; i++)
        {
            var mk = m[i] + (1 - b1) * (g[i] - m[i]);
            var vk2 = b2 * v[i] + (1 - b2) * g[i] * g[i];
            if (MathF.Abs(mk) < SmallestNormal) mk = 0;
            if (vk2 < SmallestNormal) vk2 = 0;
            m[i] = mk;
            v[i] = vk2;
            p[i] -= stepSize * (mk / (MathF.Sqrt(vk2) * invBias2Sqrt + e));
        }
    }

    private void StepTensors(Tensor p, Tensor grad, Tensor m, Tensor v, double stepSize, double bias2Sqrt)
    {
        using var scope = NewDisposeScope();
        m.lerp_(grad, 1 - beta1);
        v.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
        var denominator = (v.sqrt() / bias2Sqrt).add_(eps);
        p.addcdiv_(m, denominator, value: -stepSize);
    }

    /// <summary>The state as tensors (copies, on the CPU), for a checkpoint; parameters that never stepped have none.</summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var state = new Dictionary<string, Tensor>();
        for (var i = 0; i < weights.Length; i++)
        {
            if (m[i] is null) continue;
            state[$"state.{i}.step"] = tensor(new[] { steps[i] });
            state[$"state.{i}.exp_avg"] = m[i]!.cpu().clone();
            state[$"state.{i}.exp_avg_sq"] = v[i]!.cpu().clone();
        }
        return state;
    }

    /// <summary>
    /// Restores a <see cref="state_dict"/>. Every key, shape and dtype is checked before any state is replaced, and
    /// an error names the entry.
    /// </summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var unknown = state.Keys.Where(k => !IsStateKey(k)).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"Adam state has unexpected entries {string.Join(", ", unknown.Select(k => $"'{k}'"))} (this optimizer has {weights.Length} parameters).");
        var entries = new List<(int Index, long Step, Tensor M, Tensor V)>();
        for (var i = 0; i < weights.Length; i++)
        {
            if (!state.TryGetValue($"state.{i}.step", out var step)) continue;
            if (step.dtype != ScalarType.Int64 || step.numel() != 1)
                throw new InvalidDataException($"Adam state 'state.{i}.step' must be one int64, got {step.dtype} with {step.numel()} values.");
            Tensor Moment(string name)
            {
                var t = state.GetValueOrDefault($"state.{i}.{name}") ?? throw new InvalidDataException($"Adam state is missing 'state.{i}.{name}'.");
                if (!t.shape.SequenceEqual(weights[i].shape) || t.dtype != weights[i].dtype)
                    throw new InvalidDataException($"Adam state 'state.{i}.{name}' is {t.dtype} {Tensors.Format(t.shape)} but parameter {i} is {weights[i].dtype} {Tensors.Format(weights[i].shape)}.");
                return t;
            }
            entries.Add((i, step.item<long>(), Moment("exp_avg"), Moment("exp_avg_sq")));
        }
        foreach (var (i, step, mi, vi) in entries)
        {
            m[i]?.Dispose();
            v[i]?.Dispose();
            m[i] = mi.to(weights[i].device).clone().DetachFromDisposeScope();
            v[i] = vi.to(weights[i].device).clone().DetachFromDisposeScope();
            steps[i] = step;
        }
    }

    private bool IsStateKey(string key)
    {
        var parts = key.Split('.');
        return parts.Length == 3 && parts[0] == "state" && int.TryParse(parts[1], out var i) && i >= 0 && i < weights.Length
               && parts[2] is "step" or "exp_avg" or "exp_avg_sq";
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        for (var i = 0; i < weights.Length; i++)
        {
            m[i]?.Dispose();
            v[i]?.Dispose();
            m[i] = v[i] = null;
        }
    }
}
