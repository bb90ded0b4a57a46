using System.Text;
using System.Text.RegularExpressions;

namespace Vae.Notebooks.Editions;

/// <summary>
/// The student edition of a teacher's notebook, as nbgrader's generate_assignment makes one: every solution region's
/// lines between its markers (the teacher's hints and answer) become a stub, and nothing else changes but the folder the
/// notebook sits in. A code stub is <c>throw Exercise.Todo("&lt;the marker's text&gt;");</c>, which compiles wherever the
/// teacher's code stood (a method body, or the end of a cell) and stops a run there with the exercise's goal and how to
/// ask for a hint (the hints themselves go to a file beside it, <see cref="GeneratedNotebooks.HintsPath"/>); a markdown
/// stub asks for the student's answer. The markers stay, so the student edition says where each region was:
/// <see cref="Restore"/> puts the teacher's regions back, which gives the teacher's notebook byte for byte.
/// </summary>
public static partial class StudentEdition
{
    private const string MarkdownStub = "*Your answer: what do you find, and why? Write it here.*";

    // The student edition lies one folder deeper, so a #r of a path relative to the notebook's folder gains a "../".
    [GeneratedRegex(@"^#r ""\.\./", RegexOptions.Multiline)]
    private static partial Regex TeacherReference();

    [GeneratedRegex(@"^#r ""\.\./\.\./", RegexOptions.Multiline)]
    private static partial Regex StudentReference();

    /// <summary>True for a notebook in a student edition's folder: generated, never a source.</summary>
    public static bool IsStudentEdition(string path) => Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) == WorkbookLayout.StudentFolder;

    public static string PathFor(string teacherPath) =>
        Path.Combine(Path.GetDirectoryName(teacherPath)!, WorkbookLayout.StudentFolder, Path.GetFileName(teacherPath));

    /// <exception cref="InvalidDataException">The solution markers do not pair up.</exception>
    public static string Generate(string teacher) => MoveReferences(Stub(teacher));

    /// <summary>The teacher's text with every solution region's lines replaced by its stub, and nothing else changed.</summary>
    /// <exception cref="InvalidDataException">The solution markers do not pair up.</exception>
    public static string Stub(string teacher)
    {
        var lines = SolutionRegions.Lines(teacher);
        var regions = SolutionRegions.Find(teacher);
        var student = new StringBuilder();
        var next = 0;
        foreach (var region in regions)
        {
            AppendLines(student, lines, next, region.Begin + 1);
            var newline = lines[region.Begin].EndsWith('\r') ? "\r\n" : "\n";
            student.Append(region.Indent).Append(region.IsMarkdown ? MarkdownStub : $"throw Exercise.Todo({Literal(region.Text!)});").Append(newline);
            next = region.End;
        }
        AppendLines(student, lines, next, lines.Length);
        return student.ToString();
    }

    /// <summary>A notebook's <c>#r</c> paths as seen from the student edition's folder, one level deeper than the teacher's.</summary>
    public static string MoveReferences(string text) => TeacherReference().Replace(text, "#r \"../../");

    /// <summary>The teacher's notebook from a student edition: each region's lines replaced by the teacher's, in order.</summary>
    /// <exception cref="InvalidDataException">The two do not have the same regions.</exception>
    public static string Restore(string student, string teacher) => StudentReference().Replace(Fill(student, teacher), "#r \"../");

    /// <summary>
    /// A student edition with the teacher's answers written in, where a student writes them: what a class hands back when
    /// every exercise is right. <see cref="Restore"/> is this, moved back to the teacher's folder.
    /// </summary>
    /// <exception cref="InvalidDataException">The two do not have the same regions.</exception>
    public static string Fill(string student, string teacher)
    {
        var (studentLines, teacherLines) = (SolutionRegions.Lines(student), SolutionRegions.Lines(teacher));
        var (studentRegions, teacherRegions) = (SolutionRegions.Find(student), SolutionRegions.Find(teacher));
        if (studentRegions.Count != teacherRegions.Count)
            throw new InvalidDataException($"the student edition has {studentRegions.Count} solution regions, the teacher's notebook {teacherRegions.Count}");
        var restored = new StringBuilder();
        var next = 0;
        foreach (var (mine, theirs) in studentRegions.Zip(teacherRegions))
        {
            if (mine.Text != theirs.Text || mine.IsMarkdown != theirs.IsMarkdown)
                throw new InvalidDataException($"line {mine.Begin + 1}: the region '{mine.Title ?? "discussion"}' is not the teacher's '{theirs.Title ?? "discussion"}' at this place");
            AppendLines(restored, studentLines, next, mine.Begin + 1);
            AppendLines(restored, teacherLines, theirs.Begin + 1, theirs.End);
            next = mine.End;
        }
        AppendLines(restored, studentLines, next, studentLines.Length);
        return restored.ToString();
    }

    private static void AppendLines(StringBuilder text, string[] lines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            text.Append(lines[i]);
            if (i < lines.Length - 1) text.Append('\n');
        }
    }

    // A C# string literal of the marker's text: the hint the stub throws.
    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
