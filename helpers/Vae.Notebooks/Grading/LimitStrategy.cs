namespace Vae.Notebooks.Grading;

/// <summary>
/// How this machine holds a sealed submission's memory and processes, the first that works in this order: a cgroup v2
/// subtree delegated to the grader's user, a writable cgroup v1 hierarchy (root), else limits that need no privilege
/// (RLIMIT_NPROC, RLIMIT_DATA and the grader's own watch). The disk is a size-capped tmpfs whichever holds the rest.
/// </summary>
internal abstract class LimitStrategy
{
    /// <summary>What holds each limit under this strategy.</summary>
    public abstract SealLimits Holders { get; }

    /// <summary>A group for one submission.</summary>
    /// <exception cref="IOException">The group could not be made or its limits set.</exception>
    public abstract ResourceGroup Create(string name, long memoryBytes, int maxProcesses);

    /// <summary>The strategy for this machine; <paramref name="passedOver"/> hears, one line each, why a stronger one was not taken.</summary>
    public static LimitStrategy Choose(Action<string> passedOver)
    {
        if (CgroupV2Limits.Delegated(out var v2) is { } delegated)
            return delegated;
        passedOver($"cgroup v2: {v2}");
        if (CgroupV1Limits.Writable(out var v1) is { } writable)
            return writable;
        passedOver($"cgroup v1: {v1}");
        return new UnprivilegedLimits(Environment.IsPrivilegedProcess);
    }

    /// <summary>A name no other group of this or another grader has: the process, the submission, and a random tail.</summary>
    public static string GroupName(string purpose) => $"vae-grade-{Environment.ProcessId}-{purpose}-{Guid.NewGuid().ToString("N")[..12]}";
}
