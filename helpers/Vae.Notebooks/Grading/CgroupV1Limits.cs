namespace Vae.Notebooks.Grading;

/// <summary>
/// Limits held by cgroup v1's <c>memory</c> and <c>pids</c> controllers, where this process may make groups below its own
/// (root, on most machines): a memory limit the kernel's OOM killer enforces without swap, a ceiling on processes and threads,
/// and a count of OOM kills that tells "memory limit" from another crash.
/// </summary>
internal sealed class CgroupV1Limits : LimitStrategy
{
    private const string Root = "/sys/fs/cgroup";

    private CgroupV1Limits()
    {
    }

    public override SealLimits Holders { get; } = new(LimitHolder.CgroupV1, LimitHolder.CgroupV1, LimitHolder.Tmpfs);

    /// <summary>The strategy when a group can be made and limited here (tried with a probe group); else null, and why not.</summary>
    public static CgroupV1Limits? Writable(out string? whyNot)
    {
        var strategy = new CgroupV1Limits();
        try
        {
            using var probe = strategy.Create(GroupName("probe"), 64L << 20, 16);
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
        var memory = Path.Combine(Controller("memory"), name);
        var pids = Path.Combine(Controller("pids"), name);
        try
        {
            Directory.CreateDirectory(memory);
            Directory.CreateDirectory(pids);
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"cannot make a control group under {Path.GetDirectoryName(memory)} (permission denied)");
        }
        var group = new CgroupV1Group(memory, pids);
        try
        {
            Cgroups.Write(memory, "memory.limit_in_bytes", memoryBytes);
            // Memory + swap as well where swap is accounted: a limit that swaps instead of ending the process is no limit.
            if (File.Exists(Path.Combine(memory, "memory.memsw.limit_in_bytes")))
                Cgroups.Write(memory, "memory.memsw.limit_in_bytes", memoryBytes);
            Cgroups.Write(memory, "memory.swappiness", 0);
            Cgroups.Write(pids, "pids.max", maxProcesses);
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>This process's group in a v1 controller's hierarchy, e.g. /sys/fs/cgroup/memory/process_api/1234.</summary>
    private static string Controller(string name)
    {
        var mount = Path.Combine(Root, name);
        if (!File.Exists(Path.Combine(mount, "cgroup.procs")))
            throw new IOException($"no cgroup v1 '{name}' controller at {mount}");
        var own = File.ReadLines("/proc/self/cgroup")
            .Select(l => l.Split(':', 3))
            .FirstOrDefault(parts => parts.Length == 3 && parts[1].Split(',').Contains(name))?[2] ?? "/";
        var path = Path.Combine(mount, own.TrimStart('/'));
        return Directory.Exists(path) ? path : mount;
    }
}

/// <summary>One submission's pair of v1 groups (memory and pids), made below the grader's own so a limit on it bounds them too.</summary>
internal sealed class CgroupV1Group(string memoryPath, string pidsPath) : ResourceGroup
{
    public override IReadOnlyList<string> Enter(IReadOnlyList<string> command) =>
        Joining([Path.Combine(memoryPath, "cgroup.procs"), Path.Combine(pidsPath, "cgroup.procs")], command);

    public override bool OutOfMemory => Cgroups.ReadKey(Path.Combine(memoryPath, "memory.oom_control"), "oom_kill") > 0;

    public override long PeakMemory => Cgroups.ReadLong(Path.Combine(memoryPath, "memory.max_usage_in_bytes"));

    public override int EndAll() => Cgroups.EndAll(Pids);

    /// <summary>Ends what is left and removes the group's folders (a group can only be removed empty).</summary>
    public override void Dispose()
    {
        EndAll();
        Cgroups.Remove(memoryPath);
        Cgroups.Remove(pidsPath);
    }

    private List<int> Pids() => [.. new[] { pidsPath, memoryPath }.SelectMany(Cgroups.Procs).Distinct()];
}
