using System.Diagnostics;

namespace Vae.Notebooks.Grading;

/// <summary>
/// A control group of the kernel's own (cgroup v1 <c>memory</c> and <c>pids</c> controllers) holding one submission's
/// processes: a memory limit the kernel's OOM killer enforces (without swap), a ceiling on processes and threads that a
/// fork bomb meets, a count of OOM kills that tells "memory limit" from another crash, and a list of every process still in
/// it to end. Created below this process's own groups, so a limit set on the grader also bounds the submissions.
/// </summary>
internal sealed class ResourceGroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";

    private ResourceGroup(string memory, string pids)
    {
        MemoryPath = memory;
        PidsPath = pids;
    }

    public string MemoryPath { get; }

    public string PidsPath { get; }

    /// <summary>The files a process writes its pid to, to join the group (both controllers).</summary>
    public IReadOnlyList<string> ProcsFiles => [Path.Combine(MemoryPath, "cgroup.procs"), Path.Combine(PidsPath, "cgroup.procs")];

    /// <summary>Why no group can be made here (null when one can): a line for the command's refusal.</summary>
    public static string? Unavailable()
    {
        try
        {
            using var probe = Create($"vae-grade-probe-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}", 64L << 20, 16);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <exception cref="InvalidOperationException">No writable cgroup v1 memory and pids controllers.</exception>
    /// <exception cref="IOException">A limit could not be set.</exception>
    public static ResourceGroup Create(string name, long memoryBytes, int maxProcesses)
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
            throw new InvalidOperationException($"cannot make a control group under {Path.GetDirectoryName(memory)} (permission denied: run as root)");
        }
        var group = new ResourceGroup(memory, pids);
        try
        {
            Write(memory, "memory.limit_in_bytes", memoryBytes);
            // Memory + swap as well where swap is accounted: a limit that swaps instead of ending the process is no limit.
            if (File.Exists(Path.Combine(memory, "memory.memsw.limit_in_bytes")))
                Write(memory, "memory.memsw.limit_in_bytes", memoryBytes);
            Write(memory, "memory.swappiness", 0);
            Write(pids, "pids.max", maxProcesses);
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>How many processes of the group the OOM killer ended: the submission went over its memory limit.</summary>
    public int OomKills
    {
        get
        {
            var path = Path.Combine(MemoryPath, "memory.oom_control");
            var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("oom_kill ", StringComparison.Ordinal)) : null;
            return line is not null && int.TryParse(line["oom_kill ".Length..], out var n) ? n : 0;
        }
    }

    /// <summary>The most memory the group used, in bytes.</summary>
    public long PeakMemory => ReadLong(Path.Combine(MemoryPath, "memory.max_usage_in_bytes"));

    /// <summary>
    /// Ends every process still in the group (SIGKILL, again until none is left); returns how many there were. Processes
    /// already on their way out (the sandbox's, once its first process died) get a moment first, so only what outlived
    /// that is counted.
    /// </summary>
    public int EndAll()
    {
        for (var wait = Stopwatch.StartNew(); Pids().Count > 0 && wait.Elapsed < TimeSpan.FromSeconds(2);)
            Thread.Sleep(20);
        var ended = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var pids = Pids();
            if (pids.Count == 0)
                break;
            foreach (var pid in pids)
            {
                ended.Add(pid);
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
            Thread.Sleep(20);
        }
        return ended.Count;
    }

    /// <summary>Ends what is left and removes the group's folders (a group can only be removed empty).</summary>
    public void Dispose()
    {
        EndAll();
        foreach (var path in new[] { MemoryPath, PidsPath })
        {
            for (var attempt = 0; attempt < 50 && Directory.Exists(path); attempt++)
            {
                try
                {
                    Directory.Delete(path);
                }
                catch (IOException)
                {
                    // Busy while the last process is being reaped.
                    Thread.Sleep(20);
                }
            }
        }
    }

    private List<int> Pids()
    {
        var pids = new List<int>();
        foreach (var folder in new[] { PidsPath, MemoryPath })
        {
            var procs = Path.Combine(folder, "cgroup.procs");
            if (File.Exists(procs))
                pids.AddRange(File.ReadAllLines(procs).Select(l => int.TryParse(l, out var p) ? p : 0).Where(p => p > 0));
        }
        return [.. pids.Distinct()];
    }

    /// <summary>This process's group in a v1 controller's hierarchy, e.g. /sys/fs/cgroup/memory/process_api/1234.</summary>
    private static string Controller(string name)
    {
        var mount = Path.Combine(Root, name);
        if (!File.Exists(Path.Combine(mount, "cgroup.procs")))
            throw new InvalidOperationException($"no cgroup v1 '{name}' controller at {mount} (cgroup v2-only systems are not supported yet)");
        var own = File.ReadLines("/proc/self/cgroup")
            .Select(l => l.Split(':', 3))
            .FirstOrDefault(parts => parts.Length == 3 && parts[1].Split(',').Contains(name))?[2] ?? "/";
        var path = Path.Combine(mount, own.TrimStart('/'));
        return Directory.Exists(path) ? path : mount;
    }

    private static void Write(string folder, string file, long value)
    {
        try
        {
            File.WriteAllText(Path.Combine(folder, file), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot set {file} in {folder}: {e.Message}", e);
        }
    }

    private static long ReadLong(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), out var value) ? value : 0;
}
