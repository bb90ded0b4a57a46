using System.Diagnostics;

namespace Vae.Notebooks.Grading;

/// <summary>What ended a sandbox from the grader's side.</summary>
internal enum WatchedLimit
{
    Memory,
    Processes,
}

/// <summary>
/// The grader's own watch over one running sandbox, every <see cref="Interval"/>: how full its disk is (statvfs of its
/// scratch tmpfs, read through /proc/PID/root of the sandbox's first process: what the grader sees, not what the
/// submission prints), and, where no kernel mechanism holds them, its processes' memory and threads, ending the whole
/// sandbox when one reaches its limit.
/// </summary>
internal sealed class SandboxWatch : IAsyncDisposable
{
    /// <summary>How often the sandbox is sampled. A tmpfs filled and emptied again between two samples goes unseen.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Free space below which the scratch disk counts as full: a write past it has failed or is about to.</summary>
    private const long Full = 1L << 20;

    private readonly Process sandbox;
    private readonly string scratch;
    private readonly long? memoryLimit;
    private readonly int? processLimit;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    /// <param name="sandbox">The sandbox's first process (bubblewrap, outside its namespaces).</param>
    /// <param name="scratch">Where the scratch tmpfs is mounted inside the sandbox.</param>
    /// <param name="memoryLimit">The memory ceiling to hold, in bytes (null: the kernel holds it).</param>
    /// <param name="processLimit">The ceiling on processes and threads to hold (null: the kernel holds it).</param>
    public SandboxWatch(Process sandbox, string scratch, long? memoryLimit, int? processLimit)
    {
        this.sandbox = sandbox;
        this.scratch = scratch;
        this.memoryLimit = memoryLimit;
        this.processLimit = processLimit;
        loop = Task.Run(WatchAsync);
    }

    /// <summary>The limit at which the grader ended the sandbox, null when it did not.</summary>
    public WatchedLimit? Ended { get; private set; }

    /// <summary>The scratch disk was seen full.</summary>
    public bool DiskFull { get; private set; }

    /// <summary>The most anonymous memory seen in the sandbox's processes together, in bytes (sampled only where watched).</summary>
    public long PeakMemory { get; private set; }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token) && Ended is null)
                Sample();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Looks at the sandbox now (also called as each cell ends, so that a disk a cell filled is seen).</summary>
    public void Sample()
    {
        lock (stop)
            SampleOnce();
    }

    private void SampleOnce()
    {
        if (Ended is not null)
            return;
        int root;
        try
        {
            if (sandbox.HasExited)
                return;
            root = sandbox.Id;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return;
        }
        var processes = SandboxProcesses.Descendants(root);
        if (processes.Count == 0)
            return;
        SampleDisk(processes[0]);
        if (memoryLimit is { } memory)
        {
            var used = processes.Sum(SandboxProcesses.AnonymousBytes);
            PeakMemory = Math.Max(PeakMemory, used);
            if (used >= memory)
                End(WatchedLimit.Memory);
        }
        if (processLimit is { } most && processes.Sum(SandboxProcesses.Threads) >= most)
            End(WatchedLimit.Processes);
    }

    /// <summary>The tmpfs as the sandbox's first process inside its namespaces sees it.</summary>
    private void SampleDisk(int inside)
    {
        try
        {
            if (new DriveInfo($"/proc/{inside}/root{scratch}").AvailableFreeSpace < Full)
                DiskFull = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Between its start and its mounts, or gone.
        }
    }

    /// <summary>Ends the sandbox: its first process, whose death takes the PID namespace and everything in it.</summary>
    private void End(WatchedLimit limit)
    {
        Ended = limit;
        try
        {
            sandbox.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    /// <summary>Stops watching; what was seen stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
            await stop.CancelAsync();
        await loop;
    }
}
