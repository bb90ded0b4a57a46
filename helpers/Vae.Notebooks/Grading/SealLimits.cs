namespace Vae.Notebooks.Grading;

/// <summary>What enforced one of a sealed submission's limits.</summary>
public enum LimitHolder
{
    /// <summary>Nothing on this machine: the limit did not hold.</summary>
    None,
    /// <summary>A cgroup v2 group delegated to the grader's user (memory.max, pids.max).</summary>
    CgroupV2,
    /// <summary>A cgroup v1 group (memory.limit_in_bytes, pids.max): root only on most machines.</summary>
    CgroupV1,
    /// <summary>A resource limit the kernel counts for the sandbox's own user namespace (RLIMIT_NPROC; RLIMIT_DATA per process).</summary>
    ResourceLimit,
    /// <summary>The grader, sampling the sandbox's processes and ending it at the limit.</summary>
    Grader,
    /// <summary>A size-capped tmpfs holding everything the submission can write.</summary>
    Tmpfs,
}

/// <summary>Which limits held a sealed submission, and by what. The wall-clock limit always holds (the grader's own clock).</summary>
public sealed record SealLimits(LimitHolder Memory, LimitHolder Processes, LimitHolder Disk)
{
    /// <summary>The words a gradebook uses, e.g. "memory: cgroup v1, processes: cgroup v1, disk: tmpfs".</summary>
    public string Describe() => $"memory: {Describe(Memory)}, processes: {Describe(Processes)}, disk: {Describe(Disk)}";

    private static string Describe(LimitHolder holder) => holder switch
    {
        LimitHolder.None => "none",
        LimitHolder.CgroupV2 => "cgroup v2",
        LimitHolder.CgroupV1 => "cgroup v1",
        LimitHolder.ResourceLimit => "rlimit",
        LimitHolder.Grader => "grader",
        LimitHolder.Tmpfs => "tmpfs",
        _ => holder.ToString(),
    };
}
