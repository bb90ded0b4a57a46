namespace Vae.Notebooks.Grading;

/// <summary>
/// Limits held by a cgroup v2 subtree delegated to the grader's user (e.g. a systemd scope with <c>Delegate=yes</c>), to the
/// kernel's documented interface (Documentation/admin-guide/cgroup-v2.rst): the grader's group is read from the
/// <c>0::</c> line of /proc/self/cgroup under the cgroup2 mount; where its <c>cgroup.controllers</c> offers <c>memory</c> and
/// <c>pids</c>, the grader moves itself into a leaf of its own (no process may stay in a group whose children get
/// controllers) and enables both in <c>cgroup.subtree_control</c>; each submission then gets a child group with
/// <c>memory.max</c>, <c>memory.swap.max</c> 0 and <c>pids.max</c>, its OOM kills counted in <c>memory.events</c> and its
/// processes ended through <c>cgroup.kill</c>. Not tried on the machines this was written on (their memory controller is
/// bound to cgroup v1).
/// </summary>
internal sealed class CgroupV2Limits : LimitStrategy
{
    private readonly string parent;

    private CgroupV2Limits(string parent) => this.parent = parent;

    public override SealLimits Holders { get; } = new(LimitHolder.CgroupV2, LimitHolder.CgroupV2, LimitHolder.Tmpfs);

    /// <summary>The strategy where this process's cgroup v2 group can hold submissions' groups; else null, and why not.</summary>
    public static CgroupV2Limits? Delegated(out string? whyNot) =>
        Delegated(File.Exists("/proc/self/mountinfo") ? File.ReadAllText("/proc/self/mountinfo") : "",
            File.Exists("/proc/self/cgroup") ? File.ReadAllText("/proc/self/cgroup") : "", Environment.ProcessId, out whyNot);

    /// <summary>As <see cref="Delegated(out string?)"/>, from the text of /proc/self/mountinfo and /proc/self/cgroup.</summary>
    internal static CgroupV2Limits? Delegated(string mountinfo, string cgroup, int processId, out string? whyNot)
    {
        var mount = mountinfo.Split('\n').Select(l => l.Split(' ')).Where(f => f.Length > 9)
            .FirstOrDefault(f => f[Array.IndexOf(f, "-") + 1] == "cgroup2")?[4];
        var own = cgroup.Split('\n').FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..].Trim();
        if (mount is null || own is null)
        {
            whyNot = "no cgroup2 file system is mounted for this process";
            return null;
        }
        var group = Path.Combine(mount, own.TrimStart('/'));
        var available = Words(Path.Combine(group, "cgroup.controllers"));
        if (!available.Contains("memory") || !available.Contains("pids"))
        {
            whyNot = $"{group} does not offer the memory and pids controllers (it offers: {(available.Count == 0 ? "none" : string.Join(' ', available))})";
            return null;
        }
        try
        {
            if (!Enabled(group))
            {
                // "No internal processes": this process moves into a leaf of its own before the group's children get controllers.
                var leaf = Path.Combine(group, $"vae-grader-{processId}");
                Directory.CreateDirectory(leaf);
                Cgroups.Write(leaf, "cgroup.procs", processId);
                try
                {
                    Cgroups.Write(group, "cgroup.subtree_control", "+memory +pids");
                }
                catch (IOException e)
                {
                    Cgroups.Write(group, "cgroup.procs", processId);
                    Cgroups.Remove(leaf);
                    throw new IOException($"{e.Message} (other processes live in {group}: start the grader in a group of its own, " +
                                          "e.g. systemd-run --user --scope -p Delegate=yes ./vae notebooks grade …)", e);
                }
            }
            var strategy = new CgroupV2Limits(group);
            using (strategy.Create(GroupName("probe"), 64L << 20, 16))
            {
            }
            whyNot = null;
            return strategy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = e.Message;
            return null;
        }
    }

    public override ResourceGroup Create(string name, long memoryBytes, int maxProcesses)
    {
        var path = Path.Combine(parent, name);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"cannot make a control group under {parent} (permission denied)");
        }
        var group = new CgroupV2Group(path);
        try
        {
            Cgroups.Write(path, "memory.max", memoryBytes);
            // Without swap accounting the file is absent, and no swap is charged to the group either.
            if (File.Exists(Path.Combine(path, "memory.swap.max")))
                Cgroups.Write(path, "memory.swap.max", 0);
            Cgroups.Write(path, "pids.max", maxProcesses);
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    private static bool Enabled(string group)
    {
        var enabled = Words(Path.Combine(group, "cgroup.subtree_control"));
        return enabled.Contains("memory") && enabled.Contains("pids");
    }

    private static HashSet<string> Words(string path)
    {
        try
        {
            return File.Exists(path) ? [.. File.ReadAllText(path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

/// <summary>One submission's cgroup v2 group.</summary>
internal sealed class CgroupV2Group(string path) : ResourceGroup
{
    public override IReadOnlyList<string> Enter(IReadOnlyList<string> command) => Joining([Path.Combine(path, "cgroup.procs")], command);

    public override bool OutOfMemory => Cgroups.ReadKey(Path.Combine(path, "memory.events"), "oom_kill") > 0;

    /// <summary>memory.peak (Linux 5.19 and later); 0 before.</summary>
    public override long PeakMemory => Cgroups.ReadLong(Path.Combine(path, "memory.peak"));

    /// <summary>cgroup.kill (Linux 5.14 and later) ends the group's processes at once; before it, each is sent SIGKILL.</summary>
    public override int EndAll() => Cgroups.EndAll(() => [.. Cgroups.Procs(path)], () =>
    {
        try
        {
            if (File.Exists(Path.Combine(path, "cgroup.kill")))
                Cgroups.Write(path, "cgroup.kill", 1);
        }
        catch (IOException)
        {
            // Killed one by one.
        }
    });

    public override void Dispose()
    {
        EndAll();
        Cgroups.Remove(path);
    }
}
