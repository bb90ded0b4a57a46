using System.Diagnostics;

namespace Vae.Notebooks.Grading;

/// <summary>
/// Limits that need no privilege, for an ordinary user without a delegated cgroup. Processes: RLIMIT_NPROC, set inside the
/// sandbox (by <c>prlimit</c>, its hard limit too), which since Linux 5.14 counts the processes and threads of the sandbox's
/// own user namespace and not the teacher's others — set outside, on bubblewrap, the same limit also counts every process
/// the teacher runs. The kernel exempts root's processes from it, so under root the grader counts them itself. Memory: the
/// grader sums the sandbox's processes' anonymous resident memory every <see cref="SandboxWatch.Interval"/> and ends the
/// sandbox at the limit; RLIMIT_DATA (a process's private writable memory, which .NET and libtorch keep close to what they
/// use: .NET reserves its heap without access rights, and that is not counted) bounds what one process can take between two
/// samples.
/// </summary>
internal sealed class UnprivilegedLimits(bool root) : LimitStrategy
{
    /// <summary>How far past the memory limit one process's RLIMIT_DATA lies: the grader's watch ends a submission at the limit;
    /// this only stops one process racing past it between two samples. The margin is what .NET and libtorch map writable
    /// without touching it yet (thread stacks, heap committed ahead).</summary>
    public const long DataMargin = 1L << 30;

    public override SealLimits Holders { get; } = new(LimitHolder.Grader, root ? LimitHolder.Grader : LimitHolder.ResourceLimit, LimitHolder.Tmpfs);

    public override ResourceGroup Create(string name, long memoryBytes, int maxProcesses) => new UnprivilegedGroup(root, memoryBytes, maxProcesses);
}

/// <summary>One submission under <see cref="UnprivilegedLimits"/>: its limits set inside the sandbox, the rest watched.</summary>
internal sealed class UnprivilegedGroup(bool root, long memoryBytes, int maxProcesses) : ResourceGroup
{
    private Process? sandbox;

    public override IReadOnlyList<string> Inside =>
    [
        "prlimit", $"--nproc={maxProcesses}:{maxProcesses}",
        $"--data={memoryBytes + UnprivilegedLimits.DataMargin}:{memoryBytes + UnprivilegedLimits.DataMargin}", "--",
    ];

    public override long? WatchedMemory => memoryBytes;

    public override int? WatchedProcesses => root ? maxProcesses : null;

    public override void Attach(Process sandbox) => this.sandbox = sandbox;

    /// <summary>Ending the sandbox's first process ends all of it: bubblewrap's PID namespace dies with its own first process,
    /// which dies with it (--die-with-parent). Counts what was still running after a moment's grace.</summary>
    public override int EndAll()
    {
        if (sandbox is null)
            return 0;
        try
        {
            if (sandbox.WaitForExit(TimeSpan.FromSeconds(2)))
                return 0;
            var left = SandboxProcesses.Descendants(sandbox.Id).Count;
            sandbox.Kill();
            sandbox.WaitForExit(TimeSpan.FromSeconds(10));
            return left;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The kernel's end let go of it: it had exited or was killed with its tree.
            return 0;
        }
    }
}
