using System.Globalization;

namespace Vae.Notebooks.Grading;

/// <summary>
/// The K-th of N slices of a class (<c>--shard K/N</c>), for grading a course on several machines at once: a Slurm job
/// array or a Kubernetes indexed Job runs the same command with K from its task index. A slice is whole students, taken in
/// turn from their ids in order, so each shard of the same hand-ins takes a share of the students and every student falls
/// in exactly one.
/// </summary>
public sealed record Shard(int Number, int Count)
{
    /// <summary>The whole class.</summary>
    public static Shard All { get; } = new(1, 1);

    public bool IsAll => Count == 1;

    /// <summary>"K/N" with 1 ≤ K ≤ N.</summary>
    public static bool TryParse(string text, out Shard shard)
    {
        shard = All;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || number < 1 || number > count)
            return false;
        shard = new Shard(number, count);
        return true;
    }

    /// <summary>The hand-ins of this shard's students.</summary>
    public IReadOnlyList<HandIn> Take(IReadOnlyList<HandIn> handIns)
    {
        var students = handIns.Select(h => h.Student).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var mine = students.Where((_, i) => i % Count == Number - 1).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. handIns.Where(h => mine.Contains(h.Student))];
    }

    public override string ToString() => $"{Number}/{Count}";
}
