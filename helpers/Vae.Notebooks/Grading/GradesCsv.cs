namespace Vae.Notebooks.Grading;

/// <summary>
/// grades.csv, for a learning platform's grade import (Moodle, Canvas, ILIAS and the like map its columns): one row per
/// student, keyed by the roster's id column under the roster's own name for it (student without a roster), the name when
/// the roster has one, then each notebook's points and the total. A notebook not handed in is 0; written answers not graded
/// yet count 0 until their points are in manual.csv.
/// </summary>
internal static class GradesCsv
{
    public const string FileName = "grades.csv";

    public static CsvTable Table(CourseGrades course)
    {
        var names = course.Roster?.HasNames == true;
        var header = new List<string> { course.Roster?.IdColumn ?? "student" };
        if (names)
            header.Add("name");
        header.AddRange(course.Notebooks);
        header.Add("total");
        var rows = course.Students.Select(student =>
        {
            var row = new List<string> { student.Id };
            if (names)
                row.Add(student.Name ?? "");
            row.AddRange(course.Notebooks.Select(n => NotebookPoints.Format(student.Notebooks.GetValueOrDefault(n)?.Total ?? 0)));
            row.Add(NotebookPoints.Format(student.Total));
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new CsvTable(header, rows);
    }
}
