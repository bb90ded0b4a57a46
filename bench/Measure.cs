using System.Diagnostics;

namespace Vae.Bench;

internal static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>Median seconds of one call over reps calls, after a few warm-up calls.</summary>
    public static double Seconds(Action action, int reps, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        return Median(times);
    }

    /// <summary>A process's resident memory (VmRSS), from its /proc status file: this process's by default.</summary>
    public static long ResidentBytes(string status = "/proc/self/status")
    {
        foreach (var line in File.ReadLines(status))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }
}
