using System.Globalization;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

/// <summary>One op's line in a profile: calls, total time and self time (excluding the ops it called).</summary>
public sealed record OpStat(string Name, long Calls, double TotalMicroseconds, double SelfMicroseconds);

public static partial class torch
{
    /// <summary>
    /// Time per libtorch op through libtorch's RecordFunction hooks, as torch.profiler does:
    /// <c>torch.profiler.start(); … var ops = torch.profiler.stop();</c>
    /// </summary>
    public static class profiler
    {
        public static void start() => Check(vt_profiler_start());

        /// <summary>Stops recording; the ops sorted by self time, largest first.</summary>
        public static List<OpStat> stop()
        {
            var text = TakeString(Check(vt_profiler_stop())) ?? "";
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('\t'))
                .Select(f => new OpStat(f[0], long.Parse(f[1], CultureInfo.InvariantCulture),
                    double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
                .OrderByDescending(s => s.SelfMicroseconds)
                .ToList();
        }

        /// <summary>A named scope that appears in the profile: <c>using (torch.profiler.record_function("forward")) …</c>.</summary>
        public static IDisposable record_function(string name) => new Scope(vt_record_begin(name));

        private sealed class Scope(IntPtr record) : IDisposable
        {
            private IntPtr handle = record;

            public void Dispose()
            {
                var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
                if (h != IntPtr.Zero) vt_record_end(h);
            }
        }
    }
}
