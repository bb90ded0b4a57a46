using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Editions;

/// <summary>
/// One region of a teacher's notebook that the student writes, marked as nbgrader marks it, in the cell's own comment
/// syntax: in a code cell <c>// BEGIN SOLUTION &lt;title&gt;: &lt;goal&gt;</c>, then the hints a student may ask for, one
/// <c>// HINT: &lt;text&gt;</c> line each, then the answer, then <c>// END SOLUTION</c>; in a markdown cell (the teacher's
/// discussion of a research question) <c>&lt;!-- BEGIN SOLUTION --&gt;</c> … <c>&lt;!-- END SOLUTION --&gt;</c>.
/// Lines are 0-based indexes into the notebook's lines; <see cref="Begin"/> and <see cref="End"/> are the marker lines.
/// </summary>
public sealed record SolutionRegion(int Begin, int End, string Indent, string? Text, bool IsMarkdown)
{
    /// <summary>The exercise's name, the marker's text before its first colon ("Task 1 · reparameterize"); null in markdown.</summary>
    public string? Title => Text?.Split(':', 2)[0].Trim();

    /// <summary>What the exercise asks for, the marker's text after its first colon; null in markdown.</summary>
    public string? Goal => Text?.Split(':', 2)[1].Trim();

    /// <summary>The teacher's hints, in the order a student gets them (the region's <c>// HINT:</c> lines).</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>The lines of the answer itself: the region's lines after its marker and hints, before its end marker.</summary>
    public Range Answer => (Begin + 1 + Hints.Count)..End;
}

/// <summary>Finds the solution regions of a notebook's text, refusing markers that do not pair up.</summary>
public static partial class SolutionRegions
{
    [GeneratedRegex(@"^(?<indent>\s*)// BEGIN SOLUTION(?:\s+(?<text>\S.*?))?\s*$")]
    private static partial Regex CodeBegin();

    [GeneratedRegex(@"^\s*// END SOLUTION\s*$")]
    private static partial Regex CodeEnd();

    [GeneratedRegex(@"^\s*// HINT:?(?:\s+(?<text>\S.*?))?\s*$")]
    private static partial Regex CodeHint();

    [GeneratedRegex(@"^(?<indent>\s*)<!-- BEGIN SOLUTION -->\s*$")]
    private static partial Regex MarkdownBegin();

    [GeneratedRegex(@"^\s*<!-- END SOLUTION -->\s*$")]
    private static partial Regex MarkdownEnd();

    /// <summary>The lines of a notebook's text, split on '\n' (a '\r' before it stays with the line, so joining gives the text back).</summary>
    public static string[] Lines(string text) => text.Split('\n');

    /// <summary>
    /// The exercise titles of a C# cell's regions, in order: read from the BEGIN markers alone, so that a submission whose
    /// student broke a marker still says which exercises it holds.
    /// </summary>
    public static IReadOnlyList<string> Titles(InteractiveDocumentElement cell) =>
        cell.IsCSharp
            ? [.. Lines(cell.Contents).Select(line => CodeBegin().Match(line.TrimEnd('\r'))).Where(m => m.Groups["text"].Success)
                .Select(m => m.Groups["text"].Value.Split(':', 2)[0].Trim())]
            : [];

    /// <exception cref="InvalidDataException">A marker without its partner, a region inside another, a code region without its
    /// title, or a hint that is not right after its region's BEGIN SOLUTION.</exception>
    public static IReadOnlyList<SolutionRegion> Find(string text)
    {
        var lines = Lines(text);
        var regions = new List<SolutionRegion>();
        (int line, string indent, string? text, bool markdown)? open = null;
        var hints = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var code = CodeBegin().Match(line);
            var markdown = MarkdownBegin().Match(line);
            if (CodeHint().Match(line) is { Success: true } hint)
            {
                // A hint stays in the teacher's notebook only: anywhere but right after its BEGIN it would reach the student.
                if (open is not { markdown: false } region || i != region.line + 1 + hints.Count)
                    throw new InvalidDataException($"line {i + 1}: a // HINT: line goes right after its exercise's // BEGIN SOLUTION (or after the hints there), before the answer");
                if (!hint.Groups["text"].Success)
                    throw new InvalidDataException($"line {i + 1}: an empty hint: write what it tells the student after // HINT:");
                hints.Add(hint.Groups["text"].Value);
            }
            else if (code.Success || markdown.Success)
            {
                if (open is { } outer)
                    throw new InvalidDataException($"line {i + 1}: BEGIN SOLUTION inside the region begun on line {outer.line + 1}: end that one first (// END SOLUTION)");
                var begin = code.Success ? code : markdown;
                var marker = code.Success ? begin.Groups["text"] is { Success: true } t ? t.Value : null : null;
                if (code.Success && (marker is null || !marker.Contains(':')))
                    throw new InvalidDataException($"line {i + 1}: a code region's marker names its exercise and hint: // BEGIN SOLUTION Task 1 · name: what to write");
                open = (i, begin.Groups["indent"].Value, marker, markdown.Success);
            }
            else if (CodeEnd().IsMatch(line) || MarkdownEnd().IsMatch(line))
            {
                if (open is not { } region)
                    throw new InvalidDataException($"line {i + 1}: END SOLUTION without a BEGIN SOLUTION before it");
                if (region.markdown != MarkdownEnd().IsMatch(line))
                    throw new InvalidDataException($"line {i + 1}: this END SOLUTION does not match the kind of the BEGIN SOLUTION on line {region.line + 1}");
                regions.Add(new SolutionRegion(region.line, i, region.indent, region.text, region.markdown) { Hints = [.. hints] });
                open = null;
                hints.Clear();
            }
        }
        if (open is { } unclosed)
            throw new InvalidDataException($"line {unclosed.line + 1}: BEGIN SOLUTION without an END SOLUTION after it");
        return regions;
    }
}
