using System.Globalization;

namespace Vae.Notebooks.Grading;

/// <summary>
/// gradebook.csv, the detail: one row per submission graded (a student's second file of a notebook too, marked as not
/// counted): its student and file, the edition, each check ✓ / ✗ / not reached with its message, the checks passed, its
/// points, the run's time and how it ended, its flags, and what held its limits.
/// </summary>
internal static class GradebookCsv
{
    public const string FileName = "gradebook.csv";

    public static CsvTable Table(CourseGrades course) => Table(course.Results, course);

    /// <summary>The rows of <paramref name="grades"/>; <paramref name="course"/> (when given) says which count and their points.</summary>
    public static CsvTable Table(IReadOnlyList<SubmissionGrade> grades, CourseGrades? course = null)
    {
        // Every check name of the rows, in the order the teacher notebooks call them.
        var columns = grades.SelectMany(g => g.Checks.Select(c => c.Name)).Distinct(StringComparer.Ordinal).ToList();
        var counted = new Dictionary<SubmissionGrade, NotebookMark>(ReferenceEqualityComparer.Instance);
        foreach (var mark in course?.Marks ?? [])
            counted[mark.Counted] = mark;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var grade in grades)
        {
            var cells = new List<string> { course?.IdOf(grade.Student) ?? grade.Student, grade.File, grade.Against ?? "" };
            foreach (var column in columns)
            {
                var check = grade.Checks.FirstOrDefault(c => c.Name == column);
                cells.Add(check?.Mark ?? "");
                cells.Add(check?.Message ?? "");
            }
            var points = grade.Points ?? (grade.Against is { } against ? course?.Points.GetValueOrDefault(against) : null);
            var mark = counted.GetValueOrDefault(grade);
            cells.AddRange([
                grade.Passed.ToString(CultureInfo.InvariantCulture), grade.Checks.Count.ToString(CultureInfo.InvariantCulture),
                mark is not null ? NotebookPoints.Format(mark.Total) : "", points is null ? "" : NotebookPoints.Format(points.Max),
                course is null || grade.Against is null ? "" : mark is not null ? "yes" : "no: a later file counts",
                grade.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), SubmissionEnds.Describe(grade.End, grade.Refusal), grade.Detail,
                SubmissionFlag.Describe(grade.Flags), grade.LeftoverProcesses.ToString(CultureInfo.InvariantCulture),
                (grade.PeakMemory >> 20).ToString(CultureInfo.InvariantCulture), grade.Limits?.Describe() ?? "", grade.Page ?? "", grade.Notebook ?? "",
            ]);
            rows.Add(cells);
        }
        return new CsvTable(
            ["student", "file", "against", .. columns.SelectMany(c => new[] { c, c + " message" }), "passed", "checks", "points", "max points", "counts",
                "seconds", "ended", "detail", "flags", "leftover processes", "peak memory MB", "limits", "page", "notebook"], rows);
    }
}
