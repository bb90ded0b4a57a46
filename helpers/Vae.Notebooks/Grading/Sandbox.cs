using System.Diagnostics;
using Vae.Notebooks.Kernel;

namespace Vae.Notebooks.Grading;

/// <summary>
/// Seals one submission's kernel off with bubblewrap: new user, PID, network, IPC, UTS and cgroup namespaces (no network
/// at all, only the sandbox's own loopback; its processes see no others and all die with its first); a root of its own in
/// which the system (/usr, /etc), the .NET SDK, the NuGet cache, the dotnet tool resolver cache and the workbook's helper
/// build, data and tool manifest are bound read-only at their own paths, and all it can write is one size-capped tmpfs,
/// mounted where its edition lives in the workbook (so the notebook's relative <c>#r</c> resolves) and used as working
/// directory, home and /tmp. The teacher's notebooks, the other submissions and the gradebook are simply not there.
/// The process starts in its <see cref="ResourceGroup"/> (or sets its limits inside first), so everything it forks counts.
/// </summary>
internal sealed class Sandbox
{
    private const string Bubblewrap = "bwrap";

    private readonly string bwrap;
    private readonly KernelHost host;
    private readonly IReadOnlyList<string> readOnly;

    private Sandbox(string bwrap, KernelHost host, IReadOnlyList<string> shared)
    {
        this.bwrap = bwrap;
        this.host = host;
        readOnly = [.. ReadOnlyRoots(host), .. shared];
    }

    /// <summary>
    /// The sandbox for this machine, or why there is none (a line for the command's refusal). <paramref name="shared"/>:
    /// folders every submission may read, bound read-only at their own paths (the teacher's reference runs).
    /// </summary>
    public static (Sandbox? Sandbox, string? Unavailable) Locate(KernelHost host, IReadOnlyList<string>? shared = null)
    {
        if (!OperatingSystem.IsLinux())
            return (null, $"sealing submissions off needs Linux (bubblewrap); this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        if (FindOnPath(host, Bubblewrap) is not { } bwrap)
            return (null, "bubblewrap (bwrap) is not installed: run ./setup.sh, or apt-get install bubblewrap");
        var sandbox = new Sandbox(bwrap, host, shared ?? []);
        if (sandbox.Probe() is { } why)
            return (null, $"bubblewrap cannot make a sandbox here ({why}); it needs user namespaces and mounts of its own, which a " +
                          "chroot or Docker's default security options refuse (see .devcontainer/README.md)");
        return (sandbox, null);
    }

    /// <summary>
    /// The kernel's start (as <see cref="KernelTool.StartInfo"/> gives it) run inside the sandbox, in <paramref name="group"/>:
    /// the kernel's working directory and home, <paramref name="workingDirectory"/>, is a fresh tmpfs of
    /// <paramref name="diskBytes"/>; the environment is cleared but for <paramref name="environment"/> and what .NET needs.
    /// </summary>
    public ProcessStartInfo Wrap(ProcessStartInfo kernel, string workingDirectory, ResourceGroup group,
        IReadOnlyDictionary<string, string> environment, long diskBytes)
    {
        IReadOnlyList<string> command =
            [bwrap, .. Arguments(workingDirectory, environment, diskBytes), "--", .. group.Inside, kernel.FileName, .. kernel.ArgumentList];
        command = group.Enter(command);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = kernel.StandardInputEncoding,
            StandardOutputEncoding = kernel.StandardOutputEncoding,
            StandardErrorEncoding = kernel.StandardErrorEncoding,
            WorkingDirectory = kernel.WorkingDirectory,
        };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>bubblewrap's arguments for a sandbox whose scratch tmpfs of <paramref name="diskBytes"/> is mounted at
    /// <paramref name="workingDirectory"/>: the one builder of the sandbox's shape, for the probe and for every kernel.</summary>
    private IEnumerable<string> Arguments(string workingDirectory, IReadOnlyDictionary<string, string> environment, long diskBytes)
    {
        // --unshare-all: user, ipc, pid, net, uts, cgroup. As uid 1000 inside, with no capabilities; --new-session keeps it
        // off the grader's terminal; --die-with-parent ends it if the grader dies (see ParentThread for what "parent" means).
        string[] head = ["--unshare-all", "--uid", "1000", "--gid", "1000", "--die-with-parent", "--new-session", "--clearenv",
            "--proc", "/proc", "--dev", "/dev"];
        foreach (var argument in head)
            yield return argument;
        foreach (var link in new[] { "/bin", "/lib", "/lib64", "/sbin" })
        {
            var info = new FileInfo(link);
            if (info.LinkTarget is { } target)
                foreach (var argument in new[] { "--symlink", target, link })
                    yield return argument;
            else if (Directory.Exists(link))
                foreach (var argument in new[] { "--ro-bind", link, link })
                    yield return argument;
        }
        // /tmp is a link to the scratch tmpfs's .tmp, unless something bound lies under /tmp (a teacher notebook in a temporary
        // folder, a gradebook's reference runs under /tmp): then it is a small tmpfs of its own, mounted before those binds.
        var tmpHoldsBinds = readOnly.Append(workingDirectory).Any(p => p.StartsWith("/tmp/", StringComparison.Ordinal));
        if (tmpHoldsBinds)
            foreach (var argument in new[] { "--size", SmallTmpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tmpfs", "/tmp" })
                yield return argument;
        foreach (var path in readOnly)
            foreach (var argument in new[] { "--ro-bind", path, path })
                yield return argument;
        // Everything a submission can write is one tmpfs of the disk limit: its folder (where its edition lives in the
        // workbook, so that its relative #r resolves), its home and /tmp. Writing past it fails with "No space left on device".
        var scratchTmp = ScratchTmp(workingDirectory);
        foreach (var argument in new[] { "--size", diskBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tmpfs", workingDirectory,
                     "--dir", scratchTmp })
            yield return argument;
        if (!tmpHoldsBinds)
            foreach (var argument in new[] { "--symlink", scratchTmp, "/tmp" })
                yield return argument;
        // `dotnet tool run` finds a local tool through this cache; the one `dotnet tool restore` wrote is read, never changed.
        if (ToolResolverCache() is { } cache)
            foreach (var argument in new[] { "--ro-bind", cache, Path.Combine(workingDirectory, ".dotnet", "toolResolverCache") })
                yield return argument;
        foreach (var argument in new[] { "--chdir", WorkbookLayout.Current.Root })
            yield return argument;
        var variables = new Dictionary<string, string>
        {
            ["PATH"] = host.SearchPath,
            ["HOME"] = workingDirectory,
            ["TMPDIR"] = ScratchTmp(workingDirectory),
            ["LANG"] = "C.UTF-8",
            ["NUGET_PACKAGES"] = host.NuGetPackages,
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1",
        };
        foreach (var (name, value) in KernelTool.QuietVariables)
            variables[name] = value;
        if (host.DotnetRoot is { } dotnetRoot)
            variables["DOTNET_ROOT"] = dotnetRoot;
        foreach (var (name, value) in environment)
            variables[name] = value;
        foreach (var (name, value) in variables)
            foreach (var argument in new[] { "--setenv", name, value })
                yield return argument;
    }

    /// <summary>The size of /tmp where it cannot be the scratch tmpfs's own (see <see cref="Arguments"/>).</summary>
    private const long SmallTmpBytes = 16L << 20;

    private static string ScratchTmp(string workingDirectory) => Path.Combine(workingDirectory, ".tmp");

    /// <summary>Runs /usr/bin/true in a sandbox of the kernels' shape: null when it works, else what bubblewrap said.</summary>
    private string? Probe()
    {
        var start = new ProcessStartInfo(bwrap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(WorkbookLayout.Current.StudentNotebooks, new Dictionary<string, string>(), 1L << 20))
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--");
        start.ArgumentList.Add("/usr/bin/true");
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                return "it did not finish within 20 s";
            }
            return process.ExitCode == 0 ? null : error.Result.Trim().Split('\n')[0];
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    /// <summary>What a kernel reads: the SDK (if outside /usr), the NuGet cache, and of the workbook its tool manifest, SDK pin,
    /// builds and data. Not the notebooks: the scratch folder is bound where they are.</summary>
    private static List<string> ReadOnlyRoots(KernelHost host)
    {
        // Of /etc only what programs read to start and name users: not the rest (inside, the sandbox's user owns what root
        // owns outside, so /etc/shadow would be readable).
        var etc = new[] { "passwd", "group", "nsswitch.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives",
            "hosts", "ssl", "dotnet" }.Select(name => Path.Combine("/etc", name)).Where(p => File.Exists(p) || Directory.Exists(p));
        var paths = new List<string> { "/usr" };
        paths.AddRange(etc);
        paths.Add(host.NuGetPackages);
        if (FindOnPath(host, "dotnet") is { } dotnet && Path.GetDirectoryName(ResolveLinks(dotnet)) is { } sdk && !sdk.StartsWith("/usr/", StringComparison.Ordinal))
            paths.Add(sdk);
        paths.AddRange(WorkbookLayout.Current.KernelReads);
        return paths;
    }

    private string? ToolResolverCache()
    {
        var cache = Path.Combine(host.DotnetCliHome, ".dotnet", "toolResolverCache");
        return Directory.Exists(cache) ? cache : null;
    }

    private static string? FindOnPath(KernelHost host, string program) =>
        host.SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static string ResolveLinks(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    /// <summary>True when a submission could see <paramref name="path"/>: it lies inside a folder bound into the sandbox.</summary>
    public bool Exposes(string path)
    {
        var full = Path.GetFullPath(path);
        return readOnly.Any(p => full == p || full.StartsWith(Path.TrimEndingDirectorySeparator(p) + "/", StringComparison.Ordinal));
    }
}
