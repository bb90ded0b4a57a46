using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch.Modules;

/// <summary>
/// A network part with named parameters, buffers and submodules, as torch.nn.Module. Subclasses
/// register what they own in their constructor; names join with dots in <see cref="state_dict"/>
/// ("encoder.0.weight"), as PyTorch names them.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> ownParameters = [];
    private readonly List<(string Name, Tensor Tensor)> ownBuffers = [];
    private readonly List<(string Name, Module Module)> modules = [];

    public bool training { get; private set; } = true;

    /// <summary>Takes ownership of t (out of any dispose scope) as a trainable parameter.</summary>
    protected Tensor register_parameter(string name, Tensor t)
    {
        CheckName(name);
        t.DetachFromDisposeScope().requires_grad_();
        ownParameters.Add((name, t));
        return t;
    }

    /// <summary>Takes ownership of t as state that is saved but not trained (BatchNorm's running statistics).</summary>
    protected Tensor register_buffer(string name, Tensor t)
    {
        CheckName(name);
        ownBuffers.Add((name, t.DetachFromDisposeScope()));
        return t;
    }

    protected T register_module<T>(string name, T module) where T : Module
    {
        CheckName(name);
        modules.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid module member name (non-empty, no dots)");
        if (ownParameters.Any(p => p.Name == name) || ownBuffers.Any(b => b.Name == name) || modules.Any(m => m.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'");
    }

    public IEnumerable<(string name, Module module)> named_children() => modules.Select(m => (m.Name, m.Module));

    public IEnumerable<(string name, Tensor parameter)> named_parameters() => Named(m => m.ownParameters);

    public IEnumerable<(string name, Tensor buffer)> named_buffers() => Named(m => m.ownBuffers);

    public IEnumerable<Tensor> parameters() => named_parameters().Select(p => p.parameter);

    private IEnumerable<(string, Tensor)> Named(Func<Module, List<(string Name, Tensor Tensor)>> members, string prefix = "")
    {
        foreach (var (name, t) in members(this)) yield return (prefix + name, t);
        foreach (var (name, m) in modules)
            foreach (var item in m.Named(members, $"{prefix}{name}.")) yield return item;
    }

    /// <summary>Every parameter and buffer by its dotted name; the tensors are the module's own, not copies.</summary>
    public Dictionary<string, Tensor> state_dict() =>
        named_parameters().Concat(named_buffers()).ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>
    /// Copies values into this module's parameters and buffers. Every key must match by name and
    /// shape; an unknown, missing or mis-shaped key is an error naming it, and nothing is copied then.
    /// </summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> source)
    {
        var own = state_dict();
        var unknown = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var misshaped = own.Keys.Where(source.ContainsKey)
            .Where(k => !own[k].shape.SequenceEqual(source[k].shape))
            .Select(k => $"'{k}' has shape {Tensor.FormatShape(source[k].shape)} but {GetType().Name} expects {Tensor.FormatShape(own[k].shape)}")
            .ToList();
        var problems = new List<string>();
        if (unknown.Count > 0) problems.Add("unexpected key(s): " + string.Join(", ", unknown.Select(k => $"'{k}'")));
        if (missing.Count > 0) problems.Add("missing key(s): " + string.Join(", ", missing.Select(k => $"'{k}'")));
        problems.AddRange(misshaped);
        if (problems.Count > 0)
            throw new TorchException($"Error(s) in loading state_dict for {GetType().Name}: {string.Join("; ", problems)}.");
        using (torch.no_grad())
            foreach (var (name, t) in own) t.copy_(source[name]);
    }

    public Module train(bool mode = true)
    {
        training = mode;
        foreach (var (_, m) in modules) m.train(mode);
        return this;
    }

    public Module eval() => train(false);

    /// <summary>Moves every parameter and buffer to the device in place, so existing references stay valid.</summary>
    public Module to(Device device)
    {
        foreach (var (_, t) in named_parameters().Concat(named_buffers()))
        {
            if (t.device == device) continue;
            using var detached = t.detach();
            using var moved = detached.to(device);
            Check(vt_set_data(t.Handle, moved.Handle));
        }
        return this;
    }

    /// <summary>Drops every parameter's gradient (PyTorch's set_to_none).</summary>
    public void zero_grad()
    {
        foreach (var p in parameters()) p.ClearGrad();
    }

    public virtual void Dispose()
    {
        foreach (var (_, t) in ownParameters.Concat(ownBuffers)) t.Dispose();
        foreach (var (_, m) in modules) m.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A module with a typed forward, as TorchSharp's Module&lt;T, TResult&gt;.</summary>
public abstract class Module<T, TResult> : Module
{
    public abstract TResult forward(T input);
}
