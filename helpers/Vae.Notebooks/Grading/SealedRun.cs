using System.Diagnostics;
using Vae.Notebooks.Kernel;

namespace Vae.Notebooks.Grading;

/// <summary>
/// One submission's run as the grader follows it: the sandbox started from a thread of its own (<see cref="ParentThread"/>),
/// its group told which process it is, the grader's <see cref="SandboxWatch"/> on it from its start, a look as each cell ends;
/// and at the end, which limit ended it, from what the grader and the kernel counted.
/// </summary>
internal sealed class SealedRun(ResourceGroup? group) : IAsyncDisposable
{
    private SandboxWatch? watch;

    /// <summary>Starts the sealed kernel <paramref name="start"/> describes, whose scratch tmpfs is at <paramref name="scratch"/> inside.</summary>
    /// <exception cref="KernelUnavailableException">It did not start.</exception>
    public async Task<StdioKernel> StartAsync(ProcessStartInfo start, string scratch, CancellationToken cancellationToken)
    {
        var kernel = await StdioKernel.StartAsync(() =>
        {
            var process = ParentThread.Start(start);
            group?.Attach(process);
            watch = new SandboxWatch(process, scratch, group?.WatchedMemory, group?.WatchedProcesses);
            return process;
        }, cancellationToken);
        kernel.EventReceived += e =>
        {
            if (e.IsCompletion)
                watch?.Sample();
        };
        return kernel;
    }

    /// <summary>The limit that ended the run (or, for the disk, that a write ran into), null when none did.</summary>
    public SubmissionEnd? End(bool timedOut) =>
        group?.OutOfMemory == true || watch?.Ended == WatchedLimit.Memory ? SubmissionEnd.MemoryLimit
        : watch?.Ended == WatchedLimit.Processes ? SubmissionEnd.ProcessLimit
        : timedOut ? SubmissionEnd.TimeLimit
        : watch?.DiskFull == true ? SubmissionEnd.DiskLimit
        : null;

    /// <summary>The most memory its processes used at once, in bytes: the kernel's count where a group keeps one, else the grader's.</summary>
    public long PeakMemory => Math.Max(group?.PeakMemory ?? 0, watch?.PeakMemory ?? 0);

    /// <summary>Ends the grader's watch; what it saw stays readable.</summary>
    public async Task StopWatchingAsync()
    {
        if (watch is not null)
            await watch.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopWatchingAsync();
}
