using System.Diagnostics;

namespace Vae.Notebooks.Grading;

/// <summary>
/// Starts a process from a thread of its own that lives until the process has exited. bubblewrap's
/// <c>--die-with-parent</c> is <c>prctl(PR_SET_PDEATHSIG, SIGKILL)</c>, which fires when the <em>thread</em> that forked it
/// ends, not the process (prctl(2)); .NET forks from the calling thread, and the thread pool retires a worker after 20 s
/// idle. Started from a pool thread, every sealed kernel was killed (exit code 137) some 20 s after its start, in the middle
/// of whatever cell ran then (measured: the forking thread's exit and the SIGKILL 0.3 ms apart).
/// </summary>
internal static class ParentThread
{
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be run.</exception>
    public static Process Start(ProcessStartInfo start)
    {
        Process? process = null;
        Exception? failure = null;
        var started = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            using var exited = new ManualResetEventSlim();
            try
            {
                process = Process.Start(start);
                if (process is not null)
                {
                    process.EnableRaisingEvents = true;
                    process.Exited += (_, _) => exited.Set();
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
            started.Set();
            // Held until the process is gone (or the grader has let go of it): its death signal is tied to this thread.
            while (process is not null && !exited.Wait(TimeSpan.FromSeconds(1)))
            {
                try
                {
                    if (process.HasExited)
                        break;
                }
                catch (InvalidOperationException)
                {
                    break;
                }
            }
        })
        {
            IsBackground = true,
            Name = "sandbox parent",
        };
        thread.Start();
        started.Wait();
        started.Dispose();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return process ?? throw new InvalidOperationException($"{start.FileName} did not start");
    }
}
