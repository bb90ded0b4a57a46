using System.Diagnostics;

namespace Vae.Core;

/// <summary>Writes a file so that readers see either the old content or the complete new one, never a torn write.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });

    /// <summary>
    /// Deletes the temporary files (name.tmp-PID-…) that a process killed in the middle of a save left in the run
    /// folder; those of a process that is still running are left alone.
    /// </summary>
    public static void RemoveStale(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.GetFiles(directory, "*.tmp-*"))
        {
            var pid = Path.GetFileName(file).Split(".tmp-")[^1].Split('-')[0];
            // Named by AtomicFile after the writing process; anything else is not ours to delete.
            if (!int.TryParse(pid, out var writer) || writer == Environment.ProcessId || IsRunning(writer)) continue;
            try { File.Delete(file); } catch (IOException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
