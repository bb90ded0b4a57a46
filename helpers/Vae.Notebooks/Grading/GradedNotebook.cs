using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Notebooks.Grading;

/// <summary>
/// The notebook that is run for a submission: the teacher's edition (<see cref="TeacherEdition.Base"/>) with each solution
/// region filled from the submission, matched by the exercise's title (a discussion region by its order), as nbgrader takes
/// only the student's answers into the teacher's notebook. Everything else the submission holds (cells of its own, edited
/// check cells, outputs) is left out. A region whose markers were removed or broken keeps its stub and is flagged, as is a
/// region that calls the workbook's reference code or reaches into the runtime.
/// </summary>
internal sealed partial class GradedNotebook
{
    private GradedNotebook(InteractiveDocument document, TeacherEdition teacher, IReadOnlyList<SubmissionFlag> flags)
    {
        Document = document;
        Teacher = teacher;
        Flags = flags;
    }

    public InteractiveDocument Document { get; }

    public TeacherEdition Teacher { get; }

    /// <summary>The teacher's check cells in <see cref="Document"/>: the only cells results are read from.</summary>
    public IReadOnlyList<TeacherCheck> TeacherCells => Teacher.Checks;

    public IReadOnlyList<SubmissionFlag> Flags { get; }

    /// <summary>A region as a submission holds it: the exercise's title (null for a discussion) and the lines between its markers.</summary>
    private sealed record Answer(string? Title, string[] Lines);

    public static GradedNotebook Assemble(InteractiveDocument submission, TeacherEdition teacher)
    {
        var flags = new List<SubmissionFlag>();
        var answers = Answers(submission, flags);
        var used = new HashSet<Answer>();
        var cells = new List<InteractiveDocumentElement>();
        foreach (var cell in teacher.Base.Elements)
        {
            var regions = SolutionRegions.Find(cell.Contents);
            if (regions.Count == 0)
            {
                cells.Add(cell);
                continue;
            }
            var lines = SolutionRegions.Lines(cell.Contents);
            var text = new StringBuilder();
            var next = 0;
            foreach (var region in regions)
            {
                Append(text, lines, next, region.Begin + 1);
                var answer = answers.FirstOrDefault(a => !used.Contains(a) && a.Title == region.Title);
                if (answer is null)
                {
                    if (region.Title is { } title && !flags.Any(f => f.Exercise == title))
                        flags.Add(new SubmissionFlag(SubmissionFlagKind.MarkersBroken, title));
                    Append(text, lines, region.Begin + 1, region.End);   // the stub
                }
                else
                {
                    used.Add(answer);
                    Append(text, answer.Lines, 0, answer.Lines.Length);
                    if (region.Title is { } title)
                        flags.AddRange(Scan(title, answer.Lines));
                }
                next = region.End;
            }
            Append(text, lines, next, lines.Length);
            cells.Add(new InteractiveDocumentElement(text.ToString().TrimEnd('\n'), cell.KernelName));
        }
        return new GradedNotebook(new InteractiveDocument([.. cells]), teacher, flags);
    }

    /// <summary>The submission's regions in order; a cell whose markers do not pair up gives none, and its exercises are flagged.</summary>
    private static List<Answer> Answers(InteractiveDocument submission, List<SubmissionFlag> flags)
    {
        var answers = new List<Answer>();
        foreach (var cell in submission.Elements)
        {
            IReadOnlyList<SolutionRegion> regions;
            try
            {
                regions = SolutionRegions.Find(cell.Contents);
            }
            catch (InvalidDataException e)
            {
                flags.AddRange(SolutionRegions.Titles(cell).Select(t => new SubmissionFlag(SubmissionFlagKind.MarkersBroken, t, e.Message)));
                continue;
            }
            var lines = SolutionRegions.Lines(cell.Contents);
            answers.AddRange(regions.Select(r => new Answer(r.Title, lines[(r.Begin + 1)..r.End])));
        }
        return answers;
    }

    /// <summary>What a region calls that an answer need not: the workbook's reference code, or the runtime and kernel behind it.</summary>
    private static IEnumerable<SubmissionFlag> Scan(string exercise, string[] lines)
    {
        // Comments and strings say nothing about what the code calls.
        var code = string.Join('\n', lines.Select(l => l.Split("//")[0]));
        code = Strings().Replace(code, "\"\"");
        var reference = Names(Reference(), code);
        if (reference.Length > 0)
            yield return new SubmissionFlag(SubmissionFlagKind.CallsReference, exercise, reference);
        var outside = Names(Outside(), code);
        if (outside.Length > 0)
            yield return new SubmissionFlag(SubmissionFlagKind.ReachesOutside, exercise, outside);
    }

    private static string Names(Regex pattern, string code) =>
        string.Join(", ", pattern.Matches(code).Select(m => m.Value).Distinct(StringComparer.Ordinal));

    [GeneratedRegex(@"\b(Elbo|MlpVae|ConvVae|VaeModel\.Create|Posterior|LectureFigures|Trainer|Workbook|Check|CheckResult|Evidence|ProbeDecoder|Importance\w*|Comparison)\b")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\b(System\.Reflection|GetMethod|GetField|GetProperty|GetType\(""|Activator|RuntimeHelpers|Formatter|NotebookDisplay|KernelInvocationContext|Kernel\.|AppDomain|Assembly|Environment\.(SetEnvironmentVariable|Exit|FailFast)|Console\.Set(Out|Error)|Process\b|DllImport|Marshal\b|unsafe)\b")]
    private static partial Regex Outside();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex Strings();

    private static void Append(StringBuilder text, string[] lines, int from, int to)
    {
        for (var i = from; i < to; i++)
            text.Append(lines[i]).Append('\n');
    }
}
