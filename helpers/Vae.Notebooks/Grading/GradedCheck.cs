using Vae.Checks;
using Vae.CompileErrors;
using Vae.Notebooks.Editions;
using Vae.Notebooks.Running;

namespace Vae.Notebooks.Grading;

public enum CheckStatus
{
    Passed,
    Failed,
    /// <summary>Not judged: its cell did not run, the run stopped in it, or another exercise's mistake stands in the way.</summary>
    NotReached,
}

/// <summary>
/// One check of one submission, as the gradebook shows it: ✓, ✗ or not reached, the line that says why, and for a ✗ the
/// name of the mistake when the check knows it (<see cref="CheckResult.Mistake"/>), for counting mistakes across a class.
/// </summary>
public sealed record GradedCheck(string Name, CheckStatus Status, string Message, string? Mistake = null)
{
    public string Mark => Status switch { CheckStatus.Passed => "✓", CheckStatus.Failed => "✗", _ => "not reached" };

    /// <summary>
    /// The verdicts on a run's teacher check cells, judged here from the evidence those cells collected in the student's kernel
    /// (<see cref="Check.Judge"/>, with the <paramref name="seed"/> the grader gave that kernel) and from nothing the kernel
    /// displayed as a result: a ✓ needs the right tensors for inputs the student did not choose. Evidence a student cell
    /// displays is not a teacher cell's and is never read. The evidence outputs are taken out of the run, which keeps the
    /// pages the grader writes to what a person reads.
    /// </summary>
    internal static IReadOnlyList<GradedCheck> Read(NotebookResult run, GradedNotebook graded, long seed)
    {
        var results = new List<GradedCheck>();
        foreach (var check in graded.TeacherCells)
        {
            var cell = run.Cells[check.Index];
            var evidence = cell.Outputs.SelectMany(o => o.Values).Where(v => v.MimeType == Evidence.MimeType).Select(v => Parse(v.Value)).OfType<Evidence>().ToList();
            foreach (var name in check.Names)
            {
                var shown = evidence.Where(e => e.Check == name).ToList();
                if (shown.Count > 1)
                    results.Add(new GradedCheck(name, CheckStatus.Failed,
                        $"the check's evidence was shown {shown.Count} times in its cell: code of the notebook made up evidence beside the check's", "tampered"));
                else if (shown.FirstOrDefault() is { } found)
                {
                    var verdict = Check.Judge(found, seed);
                    results.Add(verdict.Passed ? new GradedCheck(name, CheckStatus.Passed, OneLine(verdict.Message))
                        : verdict.BlockedBy is not null ? new GradedCheck(name, CheckStatus.NotReached, OneLine(verdict.Message))
                        : new GradedCheck(name, CheckStatus.Failed, OneLine(verdict.Message), verdict.Mistake));
                }
                else if (cell.Status is CellStatus.NotRun || cell.Error?.Kind is CellErrorKind.Stopped or CellErrorKind.KernelStopped)
                    results.Add(new GradedCheck(name, CheckStatus.NotReached, cell.Status is CellStatus.NotRun ? "its cell was not run" : "the run was stopped in its cell"));
                else
                    results.Add(FirstError(run, graded, check, name));
            }
            cell.Outputs.RemoveAll(o => o.Values.Any(v => v.MimeType == Evidence.MimeType));
        }
        return results;
    }

    /// <summary>
    /// Why a check cell gave no evidence, in the student's terms: the first exercise cell up to the check's own that failed (a
    /// compile error there leaves the check cell's names undefined, and that second error says nothing). When it is another
    /// exercise's cell, the check is not judged and says which; else the failure is the check's.
    /// </summary>
    private static GradedCheck FirstError(NotebookResult run, GradedNotebook graded, TeacherCheck check, string name)
    {
        var first = Enumerable.Range(0, Math.Max(check.ExerciseIndex + 1, 0))
            .FirstOrDefault(i => run.Cells[i].Status is CellStatus.Failed && SolutionRegions.Titles(graded.Document.Elements[i]).Count > 0, -1);
        if (first >= 0 && run.Cells[first].Error is { } error)
            return first == check.ExerciseIndex
                ? new GradedCheck(name, CheckStatus.Failed, OneLine($"your code: {error.Title}: {error.Message}{Explained(error, run.Cells[first])}"))
                : new GradedCheck(name, CheckStatus.NotReached, OneLine(
                    $"not judged: the cell of {string.Join(", ", SolutionRegions.Titles(graded.Document.Elements[first]))} failed ({error.Title}: {error.Message})"));
        return new GradedCheck(name, CheckStatus.Failed, OneLine(run.Cells[check.Index].Error is { } own ? $"{own.Title}: {own.Message}" : "the check collected nothing"));
    }

    /// <summary>A compile error's first diagnostic in the student's terms, as the kernel explained it in the notebook; "" when none.</summary>
    private static string Explained(CellError error, CellResult cell) =>
        error.Diagnostics.FirstOrDefault() is { } d
        && CompileErrorExplanations.Explain(new CompilerError(d.Code, d.Message, d.Line, d.Character), cell.Cell.Contents) is { } explanation
            ? $" ({explanation})" : "";

    private static Evidence? Parse(string json)
    {
        try
        {
            return Evidence.FromJson(json);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string OneLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
