using System.Diagnostics;
using Vae.Notebooks.Kernel;

namespace Vae.Notebooks.Grading;

/// <summary>
/// Seals one submission's kernel off with bubblewrap: new user, PID, network, IPC, UTS and cgroup namespaces (no network
/// at all, only the sandbox's own loopback; its processes see no others and all die with its first); a root of its own in
/// which the system (/usr, /etc), the .NET SDK, the NuGet cache, the dotnet tool resolver cache and the workbook's helper
/// build, data and tool manifest are bound read-only at their own paths, and the one writable folder is the submission's
/// scratch folder, bound where its edition lives in the workbook (so the notebook's relative <c>#r</c> resolves) and used
/// as working directory and home. The teacher's notebooks, the other submissions and the gradebook are simply not there.
/// The process joins its <see cref="ResourceGroup"/> before bubblewrap starts, so everything it forks counts.
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
            return (null, $"sealing submissions off needs Linux (bubblewrap and cgroups); this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        if (FindOnPath(host, Bubblewrap) is not { } bwrap)
            return (null, "bubblewrap (bwrap) is not installed: run ./setup.sh, or apt-get install bubblewrap");
        var sandbox = new Sandbox(bwrap, host, shared ?? []);
        if (sandbox.Probe() is { } why)
            return (null, $"bubblewrap cannot make a sandbox here ({why}): are user namespaces disabled?");
        if (ResourceGroup.Unavailable() is { } noGroups)
            return (null, $"no memory and process limits: {noGroups}");
        return (sandbox, null);
    }

    /// <summary>
    /// The kernel's start (as <see cref="KernelTool.StartInfo"/> gives it) run inside the sandbox: <paramref name="scratch"/>
    /// appears at <paramref name="workingDirectory"/>, the kernel's working directory and home; the environment is cleared
    /// but for <paramref name="environment"/> and what .NET needs.
    /// </summary>
    public ProcessStartInfo Wrap(ProcessStartInfo kernel, string scratch, string workingDirectory, ResourceGroup group,
        IReadOnlyDictionary<string, string> environment, long tmpBytes)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = kernel.StandardInputEncoding,
            StandardOutputEncoding = kernel.StandardOutputEncoding,
            StandardErrorEncoding = kernel.StandardErrorEncoding,
            WorkingDirectory = scratch,
        };
        // A shell outside the sandbox joins the groups and then becomes bubblewrap: nothing runs before it is counted.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n-1)); done; exec \"$@\"");
        start.ArgumentList.Add("vae-grade");
        start.ArgumentList.Add(group.ProcsFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var procs in group.ProcsFiles)
            start.ArgumentList.Add(procs);
        start.ArgumentList.Add(bwrap);
        foreach (var argument in Arguments(scratch, workingDirectory, environment, tmpBytes))
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(kernel.FileName);
        foreach (var argument in kernel.ArgumentList)
            start.ArgumentList.Add(argument);
        return start;
    }

    private IEnumerable<string> Arguments(string scratch, string workingDirectory, IReadOnlyDictionary<string, string> environment, long tmpBytes)
    {
        // --unshare-all: user, ipc, pid, net, uts, cgroup. As uid 1000 inside, with no capabilities; --new-session keeps it
        // off the grader's terminal; --die-with-parent ends it if the grader dies.
        string[] head = ["--unshare-all", "--uid", "1000", "--gid", "1000", "--die-with-parent", "--new-session", "--clearenv",
            "--proc", "/proc", "--dev", "/dev", "--size", tmpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tmpfs", "/tmp"];
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
        foreach (var path in readOnly)
            foreach (var argument in new[] { "--ro-bind", path, path })
                yield return argument;
        foreach (var argument in new[] { "--bind", scratch, workingDirectory })
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
            ["TMPDIR"] = "/tmp",
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

    /// <summary>Runs /bin/true in a sandbox of this shape: null when it works, else what bubblewrap said.</summary>
    private string? Probe()
    {
        var start = new ProcessStartInfo(bwrap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--unshare-all", "--uid", "1000", "--gid", "1000", "--die-with-parent", "--ro-bind", "/usr", "/usr",
                     "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                     "--proc", "/proc", "--dev", "/dev", "--", "/usr/bin/true" })
            start.ArgumentList.Add(argument);
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
