using System.Diagnostics;
using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// A parent-death signal (bubblewrap's --die-with-parent; here setpriv's --pdeathsig) fires when the thread that forked the
/// process ends. Started through <see cref="ParentThread"/>, the process outlives the thread that asked for it.
/// </summary>
public sealed class ParentThreadTests
{
    private static Process StartFromAThreadThatEnds(Func<ProcessStartInfo, Process> start)
    {
        Process? process = null;
        string? said = null;
        // The thread ends only once the child has set its signal (it says "ready" after setpriv's prctl): on a loaded machine
        // the thread could otherwise end first, and a signal set after its parent's end never fires.
        var thread = new Thread(() =>
        {
            process = start(new ProcessStartInfo("setpriv", ["--pdeathsig", "KILL", "sh", "-c", "echo ready; sleep 1"]) { RedirectStandardOutput = true });
            said = process.StandardOutput.ReadLine();
        });
        thread.Start();
        thread.Join();
        Assert.Equal("ready", said);
        return process!;
    }

    [Fact]
    public void AProcessWithAParentDeathSignal_OutlivesTheThreadThatStartedIt()
    {
        using var process = StartFromAThreadThatEnds(ParentThread.Start);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void StartedFromThatThreadItself_ItDiesWithTheThread()
    {
        // What every sealed kernel met when the thread pool retired the thread that had started it: SIGKILL, exit code 137.
        using var process = StartFromAThreadThatEnds(start => Process.Start(start)!);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(128 + 9, process.ExitCode);
    }
}
