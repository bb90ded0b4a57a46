using System.Diagnostics;
using System.Globalization;

namespace Vae.Notebooks.Grading;

/// <summary>Reading and writing a control group's files, the same in both cgroup versions.</summary>
internal static class Cgroups
{
    /// <exception cref="IOException">The file could not be written (the message names it).</exception>
    public static void Write(string folder, string file, long value) => Write(folder, file, value.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="IOException">The file could not be written (the message names it).</exception>
    public static void Write(string folder, string file, string value)
    {
        try
        {
            File.WriteAllText(Path.Combine(folder, file), value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {value} to {file} in {folder}: {e.Message}", e);
        }
    }

    public static long ReadLong(string path)
    {
        try
        {
            return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), out var value) ? value : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The value of <paramref name="key"/> in a flat keyed file such as memory.events ("oom_kill 2"), 0 when absent.</summary>
    public static long ReadKey(string path, string key)
    {
        try
        {
            var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal)) : null;
            return line is not null && long.TryParse(line[(key.Length + 1)..], out var value) ? value : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The processes in the group (its cgroup.procs), none when it is gone.</summary>
    public static IEnumerable<int> Procs(string folder)
    {
        var procs = Path.Combine(folder, "cgroup.procs");
        try
        {
            return File.Exists(procs) ? [.. File.ReadAllLines(procs).Select(l => int.TryParse(l, out var p) ? p : 0).Where(p => p > 0)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Ends a group's processes as <paramref name="procs"/> lists them: after a moment for those already on their way out (the
    /// sandbox's, once its first process died), <paramref name="killAll"/> where the group can end them at once, then SIGKILL
    /// to each, again until none is left. Returns how many it ended.
    /// </summary>
    public static int EndAll(Func<IReadOnlyCollection<int>> procs, Action? killAll = null)
    {
        for (var wait = Stopwatch.StartNew(); procs().Count > 0 && wait.Elapsed < TimeSpan.FromSeconds(2);)
            Thread.Sleep(20);
        var ended = new HashSet<int>(procs());
        if (ended.Count == 0)
            return 0;
        killAll?.Invoke();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(10);)
        {
            var pids = procs();
            if (pids.Count == 0)
                break;
            foreach (var pid in pids)
            {
                ended.Add(pid);
                SandboxProcesses.Kill(pid);
            }
            Thread.Sleep(20);
        }
        return ended.Count;
    }

    /// <summary>Removes an empty group, waiting a moment while its last process is reaped.</summary>
    public static void Remove(string folder)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
