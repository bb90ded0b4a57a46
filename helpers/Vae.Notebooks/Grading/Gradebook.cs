using System.Globalization;
using System.Text;
using Vae.Core;
using Vae.Notebooks.Report;

namespace Vae.Notebooks.Grading;

/// <summary>
/// gradebook.csv and gradebook.html: one row per submission (file, the edition, each check ✓ / ✗ / not reached with its
/// message, the number passed, the run's time and how it ended, and in the CSV what held its limits), each written to a
/// temporary file and renamed.
/// </summary>
internal static class Gradebook
{
    public const string CsvName = "gradebook.csv", HtmlName = "gradebook.html";

    /// <summary>Every check name of the rows, in the order the teacher notebooks call them: the columns.</summary>
    private static List<string> Columns(IReadOnlyList<SubmissionGrade> grades) =>
        [.. grades.SelectMany(g => g.Checks.Select(c => c.Name)).Distinct(StringComparer.Ordinal)];

    public static void Write(IReadOnlyList<SubmissionGrade> grades, string outDir)
    {
        AtomicFile.WriteAllText(Path.Combine(outDir, CsvName), Csv(grades));
        AtomicFile.WriteAllText(Path.Combine(outDir, HtmlName), Html(grades));
    }

    public static string Csv(IReadOnlyList<SubmissionGrade> grades)
    {
        var columns = Columns(grades);
        var text = new StringBuilder();
        Row(text, ["file", "against", .. columns.SelectMany(c => new[] { c, c + " message" }), "passed", "checks", "seconds", "ended", "detail", "flags",
            "leftover processes", "peak memory MB", "limits", "page", "notebook"]);
        foreach (var grade in grades)
        {
            var cells = new List<string> { grade.File, grade.Against ?? "" };
            foreach (var column in columns)
            {
                var check = grade.Checks.FirstOrDefault(c => c.Name == column);
                cells.Add(check?.Mark ?? "");
                cells.Add(check?.Message ?? "");
            }
            cells.AddRange([
                grade.Passed.ToString(CultureInfo.InvariantCulture), grade.Checks.Count.ToString(CultureInfo.InvariantCulture),
                grade.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), Ended(grade), grade.Detail, Flags(grade),
                grade.LeftoverProcesses.ToString(CultureInfo.InvariantCulture),
                (grade.PeakMemory >> 20).ToString(CultureInfo.InvariantCulture), grade.Limits?.Describe() ?? "", grade.Page ?? "", grade.Notebook ?? "",
            ]);
            Row(text, cells);
        }
        return text.ToString();
    }

    private static string Ended(SubmissionGrade grade) => SubmissionEnds.Describe(grade.End, grade.Refusal);

    /// <summary>The row's flags in words: "markers broken: Task 1 · encode; calls the reference: Task 2 · encoding (Elbo)".</summary>
    private static string Flags(SubmissionGrade grade) => string.Join("; ", grade.Flags.Select(f => f.Kind switch
    {
        SubmissionFlagKind.MarkersBroken => $"markers broken: {f.Exercise}",
        SubmissionFlagKind.CallsReference => $"calls the reference: {f.Exercise} ({f.Detail})",
        _ => $"reaches outside: {f.Exercise} ({f.Detail})",
    }));

    private static void Row(StringBuilder text, IEnumerable<string> cells) =>
        text.Append(string.Join(',', cells.Select(Field))).Append("\r\n");

    // RFC 4180 quoting; and a leading = + - @ made inert, as messages can carry a student's own text and a spreadsheet
    // would run it as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    public static string Html(IReadOnlyList<SubmissionGrade> grades)
    {
        var columns = Columns(grades);
        var rows = new StringBuilder();
        foreach (var grade in grades)
        {
            var name = HtmlFormat.Escape(grade.File);
            var file = grade.Page is { } page ? $"<a href=\"{HtmlFormat.Escape(page)}\">{name}</a>" : name;
            if (grade.Notebook is { } notebook)
                file += $" <small><a href=\"{HtmlFormat.Escape(notebook)}\" download>.ipynb</a></small>";
            rows.Append($"<tr><td>{file}<br><small>{HtmlFormat.Escape(grade.Against ?? "")}</small></td>");
            foreach (var column in columns)
            {
                var check = grade.Checks.FirstOrDefault(c => c.Name == column);
                var css = check?.Status switch { CheckStatus.Passed => "ok", CheckStatus.Failed => "fail", null => "", _ => "notrun" };
                rows.Append(check is null ? "<td></td>"
                    : $"<td class=\"check {css}\" title=\"{HtmlFormat.Escape(check.Message)}\">{HtmlFormat.Escape(check.Mark)}" +
                      $"<br><small>{HtmlFormat.Escape(check.Message)}</small></td>");
            }
            rows.Append($"<td class=\"number\">{grade.Passed} / {grade.Checks.Count}</td>")
                .Append($"<td class=\"number\">{HtmlFormat.Duration(grade.Duration)}</td>")
                .Append($"<td>{HtmlFormat.Escape(Ended(grade))}<br><small>{HtmlFormat.Escape(grade.Detail)}</small>" +
                        $"{(grade.Flags.Count > 0 ? $"<br><small class=\"flag\">{HtmlFormat.Escape(Flags(grade))}</small>" : "")}</td></tr>\n");
        }
        var head = string.Concat(columns.Select(c => $"<th>{HtmlFormat.Escape(c)}</th>"));
        return HtmlFormat.TablePage("VAE workbook — gradebook",
            $"<span>{grades.Count} submissions</span><span>{DateTimeOffset.Now:yyyy-MM-dd HH:mm}</span>",
            $"<th>Submission</th>{head}<th class=\"number\">Passed</th><th class=\"number\">Time</th><th>Ended</th>", rows.ToString(),
            "\ntd.check.ok { color: #1a7f37; } td.check.fail { color: #cf222e; } td.check.notrun { color: #6e7781; } .flag { color: #9a6700; }");
    }
}
