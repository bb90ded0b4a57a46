using System.Text.RegularExpressions;

namespace Vae.Cli.Notebooks.Grading;

/// <summary>
/// The exercise regions of a C# cell: the teacher edition's answers, and the student edition's stubs, sit between lines
/// <c>// BEGIN SOLUTION &lt;title&gt;: &lt;hint&gt;</c> and <c>// END SOLUTION</c>, kept verbatim in both editions; the title
/// names the exercise.
/// </summary>
internal static partial class SolutionRegions
{
    [GeneratedRegex(@"^[ \t]*//[ \t]*BEGIN SOLUTION[ \t]+(?<title>[^:\r\n]+?)[ \t]*(:|$)", RegexOptions.Multiline)]
    private static partial Regex Begin();

    /// <summary>The titles of the regions a cell holds, in order ("" for none).</summary>
    public static IReadOnlyList<string> Titles(NotebookCell cell) =>
        cell.IsCSharp ? [.. Begin().Matches(cell.Source).Select(m => m.Groups["title"].Value.Trim())] : [];
}
