using System.Text.Json;

namespace Vae.Cli.Notebooks.Grading;

public enum CheckStatus
{
    Passed,
    Failed,
    NotReached,
}

/// <summary>One check of one submission: ✓, ✗ or not reached, and the line that says why.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Message)
{
    /// <summary>The mime type of a check's machine-readable result: {"check": name, "passed": bool, "message": line}.</summary>
    public const string MimeType = Vae.Checks.CheckResult.MimeType;

    public string Mark => Status switch { CheckStatus.Passed => "✓", CheckStatus.Failed => "✗", _ => "not reached" };

    /// <summary>
    /// The results of a run's teacher check cells, and only those: outputs saved in the submission file were never read,
    /// and a student cell that displays the check's mime type is not a teacher cell.
    /// </summary>
    internal static IReadOnlyList<CheckResult> Read(NotebookResult run, GradedNotebook graded)
    {
        var results = new List<CheckResult>();
        foreach (var (index, check) in graded.TeacherCells.OrderBy(c => c.Key))
        {
            var cell = run.Cells[index];
            var reported = cell.Outputs.SelectMany(o => o.Values).Where(v => v.MimeType == MimeType)
                .Select(v => Parse(v.Value)).OfType<(string Name, bool Passed, string Message)>().ToList();
            var earlierFailed = false;
            foreach (var name in check.Names)
            {
                if (reported.FirstOrDefault(r => r.Name == name) is { Name: not null } found)
                {
                    results.Add(new CheckResult(name, found.Passed ? CheckStatus.Passed : CheckStatus.Failed, found.Message));
                    earlierFailed |= !found.Passed;
                }
                else if (cell.Status is CellStatus.NotRun || earlierFailed || (cell.Status is CellStatus.Failed && cell.Error?.Title == "stopped"))
                    results.Add(new CheckResult(name, CheckStatus.NotReached, cell.Status is CellStatus.NotRun
                        ? "its cell was not run" : earlierFailed ? "an earlier check of its cell failed" : "the run was stopped in its cell"));
                else if (cell.Status is CellStatus.Failed)
                    results.Add(new CheckResult(name, CheckStatus.Failed, OneLine($"{cell.Error?.Title}: {cell.Error?.Message}")));
                else
                    results.Add(new CheckResult(name, CheckStatus.Failed, "the check reported no result"));
            }
        }
        return results;
    }

    private static (string Name, bool Passed, string Message)? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("check", out var name) && name.ValueKind == JsonValueKind.String
                && root.TryGetProperty("passed", out var passed) && passed.ValueKind is JsonValueKind.True or JsonValueKind.False)
                return (name.GetString()!, passed.GetBoolean(),
                    root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? OneLine(m.GetString()!) : "");
        }
        catch (JsonException)
        {
            // Not a check result.
        }
        return null;
    }

    private static string OneLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
