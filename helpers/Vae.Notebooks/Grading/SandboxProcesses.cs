using System.Diagnostics;

namespace Vae.Notebooks.Grading;

/// <summary>A sandbox's processes as the grader sees them in /proc: the tree below its first process, their memory and threads.</summary>
internal static class SandboxProcesses
{
    /// <summary>
    /// Every process below <paramref name="root"/>, through each thread's list of the children it forked
    /// (/proc/PID/task/TID/children). A sandbox's processes cannot leave that tree: orphans go to its PID namespace's first
    /// process, which is <paramref name="root"/>'s child.
    /// </summary>
    public static List<int> Descendants(int root)
    {
        var found = new List<int>();
        var next = new Queue<int>([root]);
        while (next.Count > 0 && found.Count < 100_000)
        {
            foreach (var child in Children(next.Dequeue()))
            {
                found.Add(child);
                next.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>A process's anonymous resident memory in bytes (statm's resident less its shared pages): memory it cannot give
    /// back, as a memory limit counts it; file pages such as libtorch's code are the page cache's. 0 when it is gone.</summary>
    public static long AnonymousBytes(int pid)
    {
        var fields = Read($"/proc/{pid}/statm")?.Split(' ');
        return fields is { Length: > 2 } && long.TryParse(fields[1], out var resident) && long.TryParse(fields[2], out var shared)
            ? Math.Max(0, resident - shared) * Environment.SystemPageSize
            : 0;
    }

    /// <summary>How many threads a process has (what RLIMIT_NPROC and pids.max count), 0 when it is gone.</summary>
    public static int Threads(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>SIGKILL to one process; nothing when it is gone.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] threads;
        try
        {
            threads = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var thread in threads)
            foreach (var child in (Read(Path.Combine(thread, "children")) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(child, out var id))
                    yield return id;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
