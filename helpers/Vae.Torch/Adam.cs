using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

/// <summary>
/// libtorch's Adam (torch::optim::Adam). Its per-parameter state (step, exp_avg, exp_avg_sq)
/// round-trips through <see cref="state_dict"/>/<see cref="load_state_dict"/>, so training resumes exactly.
/// </summary>
public sealed unsafe class Adam : IDisposable
{
    private IntPtr handle;
    private readonly Tensor[] parameters;
    private double learningRate;

    internal Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool fused)
    {
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException("Adam needs at least one parameter to optimize");
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr), $"the learning rate must be positive, got {lr}");
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam's betas must lie in [0, 1), got ({beta1}, {beta2})");
        learningRate = lr;
        var handles = this.parameters.Select(p => p.Handle).ToArray();
        fixed (IntPtr* p = handles)
            handle = Check(vt_adam_new(p, handles.Length, lr, beta1, beta2, eps, weightDecay, amsgrad ? 1 : 0, fused ? 1 : 0));
    }

    ~Adam() => Free();

    private IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Adam));

    public double lr
    {
        get => learningRate;
        set
        {
            Check(vt_adam_set_lr(Handle, value));
            learningRate = value;
        }
    }

    public void step() => Check(vt_adam_step(Handle));

    /// <summary>Drops every parameter's gradient (set_to_none), as PyTorch's zero_grad does by default.</summary>
    public void zero_grad() => Check(vt_adam_zero_grad(Handle));

    /// <summary>
    /// The optimizer state as flat tensors: "state.{i}.step" (int64), "state.{i}.exp_avg",
    /// "state.{i}.exp_avg_sq" for each parameter i that has taken a step. The tensors are copies.
    /// </summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>();
        for (var i = 0; i < parameters.Length; i++)
        {
            long step;
            IntPtr m, v, vmax;
            Check(vt_adam_get_state(Handle, i, &step, &m, &v, &vmax));
            if (m == IntPtr.Zero) continue;
            result[$"state.{i}.step"] = torch.tensor<long>([step], []);
            result[$"state.{i}.exp_avg"] = new Tensor(m);
            result[$"state.{i}.exp_avg_sq"] = new Tensor(v);
            if (vmax != IntPtr.Zero) result[$"state.{i}.max_exp_avg_sq"] = new Tensor(vmax);
        }
        return result;
    }

    /// <summary>Restores a state_dict; every key is checked before any parameter's state is replaced.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var unknown = state.Keys.Where(k => !IsStateKey(k)).ToList();
        if (unknown.Count > 0)
            throw new TorchException($"Adam state has unexpected key(s): {string.Join(", ", unknown.Select(k => $"'{k}'"))} (this optimizer has {parameters.Length} parameters)");
        var entries = new List<(int Index, long Step, Tensor M, Tensor V, Tensor? Vmax)>();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!state.TryGetValue($"state.{i}.step", out var step)) continue;
            var m = state.GetValueOrDefault($"state.{i}.exp_avg") ?? throw new TorchException($"Adam state is missing 'state.{i}.exp_avg'");
            var v = state.GetValueOrDefault($"state.{i}.exp_avg_sq") ?? throw new TorchException($"Adam state is missing 'state.{i}.exp_avg_sq'");
            foreach (var (name, t) in new[] { ("exp_avg", m), ("exp_avg_sq", v) })
                if (!t.shape.SequenceEqual(parameters[i].shape))
                    throw new TorchException($"Adam state 'state.{i}.{name}' has shape {Tensor.FormatShape(t.shape)} but parameter {i} has {Tensor.FormatShape(parameters[i].shape)}");
            entries.Add((i, step.item<long>(), m, v, state.GetValueOrDefault($"state.{i}.max_exp_avg_sq")));
        }
        foreach (var (i, step, m, v, vmax) in entries)
            Check(vt_adam_set_state(Handle, i, step, m.Handle, v.Handle, vmax?.Handle ?? IntPtr.Zero));
    }

    private bool IsStateKey(string key)
    {
        var parts = key.Split('.');
        return parts.Length == 3 && parts[0] == "state" && int.TryParse(parts[1], out var i) && i >= 0 && i < parameters.Length
               && parts[2] is "step" or "exp_avg" or "exp_avg_sq" or "max_exp_avg_sq";
    }

    private void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) vt_adam_free(h);
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }
}
