using Vae.Checks;
using Vae.Notebooks.Running;

namespace Vae.Notebooks.Grading;

public enum CheckStatus
{
    Passed,
    Failed,
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
    /// The results of a run's teacher check cells, and only those: outputs saved in the submission file were never read,
    /// and a student cell that displays the check's mime type is not a teacher cell.
    /// </summary>
    internal static IReadOnlyList<GradedCheck> Read(NotebookResult run, GradedNotebook graded)
    {
        var results = new List<GradedCheck>();
        foreach (var (index, check) in graded.TeacherCells.OrderBy(c => c.Key))
        {
            var cell = run.Cells[index];
            var reported = cell.Outputs.SelectMany(o => o.Values).Where(v => v.MimeType == CheckResult.MimeType)
                .Select(v => CheckResult.FromJson(v.Value)).OfType<CheckResult>().ToList();
            var earlierFailed = false;
            foreach (var name in check.Names)
            {
                if (reported.FirstOrDefault(r => r.Check == name) is { } found)
                {
                    results.Add(new GradedCheck(name, found.Passed ? CheckStatus.Passed : CheckStatus.Failed, OneLine(found.Message), found.Mistake));
                    earlierFailed |= !found.Passed;
                }
                else if (cell.Status is CellStatus.NotRun || earlierFailed || cell.Error?.Kind is CellErrorKind.Stopped)
                    results.Add(new GradedCheck(name, CheckStatus.NotReached, cell.Status is CellStatus.NotRun
                        ? "its cell was not run" : earlierFailed ? "an earlier check of its cell failed" : "the run was stopped in its cell"));
                else if (cell.Status is CellStatus.Failed)
                    results.Add(new GradedCheck(name, CheckStatus.Failed, OneLine($"{cell.Error?.Title}: {cell.Error?.Message}")));
                else
                    results.Add(new GradedCheck(name, CheckStatus.Failed, "the check reported no result"));
            }
        }
        return results;
    }

    private static string OneLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
