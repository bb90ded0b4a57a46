namespace Vae.Tests.Notebooks;

/// <summary>
/// A small tmpfs mounted on a temporary folder: a disk that fills up, and that can be made read-only. The tests run as
/// root, for whom permission bits stop nothing (chmod 555 does not keep root out), so a real read-only mount and a
/// real full disk are the honest faults. Unmounted on dispose.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>Null where mounting is not allowed (not root, or no CAP_SYS_ADMIN in a container), with why.</summary>
    public static readonly Lazy<string?> Unavailable = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts are Linux's";
        try
        {
            using var probe = Mount(1);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    });

    /// <exception cref="InvalidOperationException">mount failed.</exception>
    public static Tmpfs Mount(int megabytes)
    {
        var folder = TestPaths.TempDirectory("tmpfs");
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", folder);
        return new Tmpfs(folder);
    }

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Folder);

    /// <summary>Fills the disk with one file until at most <paramref name="leaveBytes"/> remain free.</summary>
    public void Fill(long leaveBytes)
    {
        using var filler = new FileStream(Path.Combine(Folder, $"filler-{Guid.NewGuid():N}"), FileMode.CreateNew);
        var chunk = new byte[64 * 1024];
        while (new DriveInfo(Folder).AvailableFreeSpace > leaveBytes)
        {
            var room = new DriveInfo(Folder).AvailableFreeSpace - leaveBytes;
            try
            {
                filler.Write(chunk, 0, (int)Math.Min(chunk.Length, Math.Max(room, 1)));
                filler.Flush();
            }
            catch (IOException)
            {
                break;   // full
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Run("umount", Folder);
        }
        catch (InvalidOperationException)
        {
            // Left mounted in the temporary folder; nothing else to do from here.
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        try
        {
            var run = ChildProcess.Run(program, arguments);
            if (run.ExitCode != 0)
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {run.Error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program}: {e.Message}");
        }
    }
}

/// <summary>A test that needs <see cref="Tmpfs"/>: skipped, saying why, where mounting is not allowed.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable.Value is { } why)
            Skip = $"needs a tmpfs mount (root with CAP_SYS_ADMIN): {why}";
    }
}
