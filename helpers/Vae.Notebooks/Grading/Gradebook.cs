using Vae.Core;

namespace Vae.Notebooks.Grading;

/// <summary>What a gradebook holds, for the command's last line: where it is, its students and files, the written answers
/// still to grade, and what the teacher should look at (manual.csv entries that do not count, students off the roster).</summary>
public sealed record WrittenGradebook(string HtmlPath, int Students, int Submissions, int ToGrade, IReadOnlyList<string> Problems);

/// <summary>
/// A course's gradebook, made from what its folder holds: the graded results (results/), the roster (roster.csv) and the
/// teacher's manual grades (manual.csv). It writes gradebook.html (the class at a glance, the students, a table per
/// notebook), gradebook.csv (a row per file graded), grades.csv (a row per student, for a learning platform), manual.csv
/// (the written answers, the teacher's entries kept) and feedback/&lt;student&gt;.html, each to a temporary file renamed
/// into place. Made again from the same folder it is the same, so it can be remade at any time: after grading, after the
/// teacher typed points, after shards were merged in.
/// </summary>
public static class Gradebook
{
    public const string HtmlName = GradebookPage.FileName, CsvName = GradebookCsv.FileName, GradesName = GradesCsv.FileName,
        ManualName = ManualGrades.FileName, FeedbackFolder = "feedback";

    /// <param name="editions">The teacher notebooks, whose points count over those stored with each result.</param>
    /// <exception cref="InvalidDataException">The roster, manual.csv or a result cannot be read; nothing was overwritten.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    internal static WrittenGradebook Write(string outDir, IReadOnlyList<TeacherEdition> editions)
    {
        var results = GradeResults.Load(outDir);
        var rosterPath = Path.Combine(outDir, Roster.FileName);
        var roster = File.Exists(rosterPath) ? Roster.Load(rosterPath) : null;
        var manual = ManualGrades.Load(Path.Combine(outDir, ManualName));
        var points = new Dictionary<string, NotebookPoints>();
        foreach (var edition in editions)
        {
            try
            {
                points.TryAdd(edition.Name, NotebookPoints.Read(edition));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // Its results keep the points they were graded with.
            }
        }
        var course = CourseGrades.Assemble(results, roster, points, manual);
        manual.Save();

        var problems = manual.Problems().ToList();
        if (roster is not null && course.Students.Where(s => !s.OnRoster).Select(s => s.Id).ToList() is { Count: > 0 } strangers)
            problems.Add($"not on the roster: {string.Join(", ", strangers)} (a folder or file named otherwise than the roster's {roster.IdColumn}?)");
        GradebookCsv.Table(course).Write(Path.Combine(outDir, CsvName));
        GradesCsv.Table(course).Write(Path.Combine(outDir, GradesName));
        foreach (var student in course.Students)
            AtomicFile.WriteAllText(FeedbackFile(outDir, student.Id), FeedbackPage.Render(student, course));
        var html = Path.Combine(outDir, HtmlName);
        AtomicFile.WriteAllText(html, GradebookPage.Render(course, problems));
        return new WrittenGradebook(Path.GetFullPath(html), course.Students.Count, results.Count, course.Marks.Sum(m => m.ToGrade), problems);
    }

    private static string FeedbackFile(string outDir, string student) => Path.Combine(outDir, FeedbackFolder, GradeResults.FileKey(student) + ".html");
}
