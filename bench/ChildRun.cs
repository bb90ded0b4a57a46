using System.Diagnostics;

namespace Vae.Bench;

/// <summary>
/// A training run in a child process, watched from outside: its output lines, and its resident memory (VmRSS from
/// /proc/PID/status) read each time it reports an epoch, so the figure is what the operating system sees of it.
/// </summary>
internal static class ChildRun
{
    public sealed record Result(List<string> Lines, List<long> ResidentBytesAtEpochs);

    public static Result Run(string file, IEnumerable<string> arguments, Func<string, bool> isEpochLine, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var rss = new List<long>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (isEpochLine(line)) rss.Add(ResidentBytes(process.Id));
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(" ", start.ArgumentList)} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
        return new Result(lines, rss);
    }

    private static long ResidentBytes(int pid)
    {
        try
        {
            return Measure.ResidentBytes($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            return 0;   // the child ended between its last line and this read
        }
    }
}
