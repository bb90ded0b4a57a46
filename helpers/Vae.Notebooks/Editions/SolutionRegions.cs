using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Editions;

/// <summary>
/// One region of a teacher's notebook that the student writes, marked as nbgrader marks it, in the cell's own comment
/// syntax: in a code cell <c>// BEGIN SOLUTION &lt;title&gt;: &lt;hint&gt;</c> … <c>// END SOLUTION</c>; in a markdown cell
/// (the teacher's discussion of a research question) <c>&lt;!-- BEGIN SOLUTION --&gt;</c> … <c>&lt;!-- END SOLUTION --&gt;</c>.
/// Lines are 0-based indexes into the notebook's lines; <see cref="Begin"/> and <see cref="End"/> are the marker lines.
/// </summary>
public sealed record SolutionRegion(int Begin, int End, string Indent, string? Text, bool IsMarkdown)
{
    /// <summary>The exercise's name, the marker's text before its first colon ("Task 1 · reparameterize"); null in markdown.</summary>
    public string? Title => Text?.Split(':', 2)[0].Trim();
}

/// <summary>Finds the solution regions of a notebook's text, refusing markers that do not pair up.</summary>
public static partial class SolutionRegions
{
    [GeneratedRegex(@"^(?<indent>\s*)// BEGIN SOLUTION(?:\s+(?<text>\S.*?))?\s*$")]
    private static partial Regex CodeBegin();

    [GeneratedRegex(@"^\s*// END SOLUTION\s*$")]
    private static partial Regex CodeEnd();

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

    /// <exception cref="InvalidDataException">A marker without its partner, a region inside another, or a code region without its title.</exception>
    public static IReadOnlyList<SolutionRegion> Find(string text)
    {
        var lines = Lines(text);
        var regions = new List<SolutionRegion>();
        (int line, string indent, string? text, bool markdown)? open = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var code = CodeBegin().Match(line);
            var markdown = MarkdownBegin().Match(line);
            if (code.Success || markdown.Success)
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
                regions.Add(new SolutionRegion(region.line, i, region.indent, region.text, region.markdown));
                open = null;
            }
        }
        if (open is { } unclosed)
            throw new InvalidDataException($"line {unclosed.line + 1}: BEGIN SOLUTION without an END SOLUTION after it");
        return regions;
    }
}
