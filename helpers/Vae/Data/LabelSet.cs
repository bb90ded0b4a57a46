namespace Vae.Data;

/// <summary>
/// A set of class labels written as text, as TrainingConfig.Classes (and <c>vae train --classes</c>) takes it:
/// single labels and ranges separated by commas, e.g. "0-8", "1,7" or "0-3,9".
/// </summary>
public static class LabelSet
{
    /// <summary>The labels, ascending and without repeats; an error names what is wrong.</summary>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var labels = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2 || !ends.All(e => int.TryParse(e, out var v) && v is >= 0 and <= 9))
                throw new ConfigurationException("Classes", $"takes labels 0–9 and ranges separated by commas (e.g. 0-8 or 1,7), got '{text}'");
            int lo = int.Parse(ends[0]), hi = int.Parse(ends[^1]);
            if (hi < lo)
                throw new ConfigurationException("Classes", $"has the empty range {part}; write the smaller label first, got '{text}'");
            for (var label = lo; label <= hi; label++) labels.Add(label);
        }
        return [.. labels];
    }

    /// <summary>The shortest text for a set of labels: runs of three or more become ranges, e.g. [0 … 8] → "0-8".</summary>
    public static string Format(IEnumerable<int> labels)
    {
        var sorted = labels.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            if (j - i >= 2) parts.Add($"{sorted[i]}-{sorted[j]}");
            else parts.AddRange(sorted[i..(j + 1)].Select(l => l.ToString()));
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
