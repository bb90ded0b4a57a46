using System.Diagnostics;
using System.Text;

namespace Vae.Tests;

/// <summary>
/// What a fuzz run's cases ended in, per kind of mutation: read, refused with the expected exception, or something
/// else (a failure, kept with its seed and case number so it can be replayed). The slowest case goes to the log; a case
/// that hangs is caught by its test's timeout.
/// </summary>
internal sealed class FuzzOutcomes(int seed)
{
    private readonly SortedDictionary<string, (int Read, int Refused)> counts = new(StringComparer.Ordinal);
    private readonly List<string> unexpected = [];

    public TimeSpan Slowest { get; private set; }

    public string SlowestCase { get; private set; } = "";

    public int Cases { get; private set; }

    public IReadOnlyList<string> Unexpected => unexpected;

    /// <summary>Runs one case: <paramref name="read"/> either returns (read) or throws <typeparamref name="TExpected"/> (refused).</summary>
    public void Run<TExpected>(string kind, int number, Action read, Func<TExpected, string?>? checkRefusal = null) where TExpected : Exception
    {
        Cases++;
        var clock = Stopwatch.StartNew();
        try
        {
            read();
            Count(kind, read: true);
        }
        catch (TExpected e) when (e.GetType() == typeof(TExpected))
        {
            if (checkRefusal?.Invoke(e) is { } problem)
                unexpected.Add($"seed {seed} case {number} ({kind}): {problem}: {e.Message}");
            Count(kind, read: false);
        }
        catch (Exception e)
        {
            unexpected.Add($"seed {seed} case {number} ({kind}): {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        }
        if (clock.Elapsed > Slowest)
        {
            Slowest = clock.Elapsed;
            SlowestCase = $"case {number} ({kind})";
        }
    }

    private void Count(string kind, bool read)
    {
        var (r, f) = counts.GetValueOrDefault(kind);
        counts[kind] = read ? (r + 1, f) : (r, f + 1);
    }

    /// <summary>A table for the test log: per kind, how many cases were read and how many refused.</summary>
    public string Summary(string refusal)
    {
        var text = new StringBuilder($"seed {seed}: {Cases} cases, {Unexpected.Count} unexpected; slowest {Slowest.TotalMilliseconds:0} ms ({SlowestCase})\n");
        foreach (var (kind, (read, refused)) in counts)
            text.AppendLine($"  {kind,-40} {read,5} read  {refused,5} refused ({refusal})");
        return text.ToString();
    }
}
