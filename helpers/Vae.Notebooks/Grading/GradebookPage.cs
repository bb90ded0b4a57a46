using System.Text;
using Vae.Notebooks.Report;
using static Vae.Notebooks.Grading.GradebookHtml;

namespace Vae.Notebooks.Grading;

/// <summary>
/// gradebook.html, for the teacher: the class at a glance (per check how many passed and the mistakes made, most made
/// first), a row per student with each notebook's points and the total (linking their feedback page), then one table per
/// notebook — a row per student, a column per check — with its written answers and the teacher's points, and the files that
/// could not be graded. It fits the page: every table takes the page's width and breaks long words.
/// </summary>
internal static class GradebookPage
{
    public const string FileName = "gradebook.html";

    public static string FeedbackLink(string student) => $"{Gradebook.FeedbackFolder}/{Uri.EscapeDataString(GradeResults.FileKey(student))}.html";

    public static string Render(CourseGrades course, IReadOnlyList<string> problems)
    {
        var body = new StringBuilder();
        var toGrade = course.Marks.Sum(m => m.ToGrade);
        body.Append("<nav class=\"sections\"><a href=\"#glance\">The class at a glance</a><a href=\"#students\">Students</a>");
        foreach (var notebook in course.Notebooks)
            body.Append($"<a href=\"#{Anchor(notebook)}\">{Escape(notebook)}</a>");
        if (course.Students.Any(s => s.Ungraded.Count > 0))
            body.Append("<a href=\"#ungraded\">Files not graded</a>");
        body.Append("</nav>\n");
        if (problems.Count > 0)
            body.Append("<div class=\"problems\"><b>To look at</b><ul>")
                .Append(string.Concat(problems.Select(p => $"<li>{Escape(p)}</li>"))).Append("</ul></div>\n");
        Glance(body, course);
        Students(body, course);
        foreach (var notebook in course.Notebooks)
            Notebook(body, course, notebook);
        Ungraded(body, course);

        var last = course.Results.Count > 0 ? course.Results.Max(r => r.GradedAt) : DateTimeOffset.MinValue;
        var facts = $"<span>{course.Students.Count} students</span><span>{course.Results.Count} files graded</span>" +
                    (course.Results.Count > 0 ? $"<span>last graded {last.ToLocalTime():yyyy-MM-dd HH:mm}</span>" : "") +
                    $"<span>{toGrade switch { 0 => "no written answer left to grade", 1 => $"1 written answer to grade in {ManualGrades.FileName}", _ => $"{toGrade} written answers to grade in {ManualGrades.FileName}" }}</span>";
        return Page("VAE workbook — gradebook", facts, body.ToString());
    }

    private static void Glance(StringBuilder body, CourseGrades course)
    {
        body.Append("<section id=\"glance\"><h2>The class at a glance</h2>\n");
        foreach (var group in ClassSummary.Of(course).GroupBy(c => c.Notebook))
        {
            body.Append($"<h3>{Escape(group.Key)}</h3>\n<table class=\"grades glance\"><thead><tr><th style=\"width:18%\">check</th>" +
                        "<th class=\"number\">✓</th><th class=\"number\">✗</th><th class=\"number\">not reached</th>" +
                        "<th>the mistakes, most made first</th></tr></thead><tbody>\n");
            foreach (var check in group)
            {
                var mistakes = check.Mistakes.Count == 0 ? "" : "<ul class=\"mistakes\">" + string.Concat(check.Mistakes.Select(m =>
                    $"<li><span class=\"count\">{m.Count}</span> {Escape(m.Mistake)}" +
                    (m.Example != m.Mistake ? $"<small>e.g. {Escape(m.Example)}</small>" : "") + "</li>")) + "</ul>";
                body.Append($"<tr><td>{Escape(check.Check)}</td><td class=\"number\">{check.Passed} of {check.Graded}</td>" +
                            $"<td class=\"number\">{check.Failed}</td><td class=\"number\">{check.NotReached}</td><td>{mistakes}</td></tr>\n");
            }
            body.Append("</tbody></table>\n");
        }
        body.Append("</section>\n");
    }

    private static void Students(StringBuilder body, CourseGrades course)
    {
        var names = course.Roster?.HasNames == true;
        body.Append($"<section id=\"students\"><h2>Students <small>{course.Students.Count}, each out of {NotebookPoints.Format(course.Max)} points</small></h2>\n" +
                    "<table class=\"grades\"><thead><tr><th class=\"student\">student</th>" + (names ? "<th>name</th>" : ""));
        foreach (var notebook in course.Notebooks)
            body.Append($"<th class=\"number\">{Escape(notebook)}<small>of {NotebookPoints.Format(course.Points[notebook].Max)}</small></th>");
        body.Append("<th class=\"number\">total</th><th>notes</th></tr></thead><tbody>\n");
        foreach (var student in course.Students)
        {
            body.Append($"<tr><td class=\"student\"><a href=\"{Escape(FeedbackLink(student.Id))}\">{Escape(student.Id)}</a></td>");
            if (names)
                body.Append($"<td>{Escape(student.Name ?? "")}</td>");
            foreach (var notebook in course.Notebooks)
                body.Append(student.Notebooks.TryGetValue(notebook, out var mark)
                    ? $"<td class=\"number\">{NotebookPoints.Format(mark.Total)}</td>"
                    : "<td class=\"number missing\">—</td>");
            body.Append($"<td class=\"number sum\">{NotebookPoints.Format(student.Total)}</td><td>{Escape(Notes(student, course))}</td></tr>\n");
        }
        body.Append("</tbody></table></section>\n");
    }

    private static string Notes(StudentGrades student, CourseGrades course)
    {
        var notes = new List<string>();
        if (student.HandedInNothing)
            notes.Add("handed in nothing");
        else if (course.Notebooks.Where(n => !student.Notebooks.ContainsKey(n)).ToList() is { Count: > 0 } missing)
            notes.Add($"no {string.Join(", ", missing)}");
        if (course.Roster is not null && !student.OnRoster)
            notes.Add("not on the roster");
        if (student.Notebooks.Values.Sum(m => m.ToGrade) is var toGrade and > 0)
            notes.Add(toGrade == 1 ? "1 answer to grade" : $"{toGrade} answers to grade");
        if (student.Ungraded.Count > 0)
            notes.Add(student.Ungraded.Count == 1 ? "1 file not graded" : $"{student.Ungraded.Count} files not graded");
        return string.Join("; ", notes);
    }

    private static void Notebook(StringBuilder body, CourseGrades course, string notebook)
    {
        var points = course.Points[notebook];
        var checks = points.Checks.Keys.ToList();
        var marks = course.Marks.Where(m => m.Notebook == notebook).ToList();
        body.Append($"<section id=\"{Anchor(notebook)}\"><h2>{Escape(notebook)} <small>{marks.Count} handed in, worth {NotebookPoints.Format(points.Max)} points</small></h2>\n" +
                    "<table class=\"grades checks\"><thead><tr><th class=\"student\">student</th>");
        foreach (var check in checks)
            body.Append($"<th>{Escape(check)}<small>{NotebookPoints.Format(points.Of(check))} pt</small></th>");
        body.Append("<th class=\"number\">points</th><th style=\"width:13%\">ended</th></tr></thead><tbody>\n");
        foreach (var mark in marks)
        {
            var grade = mark.Counted;
            var student = StudentOf(course, mark);
            var name = grade.Page is { } page ? $"<a href=\"{Escape(page)}\">{Escape(student)}</a>" : Escape(student);
            body.Append($"<tr><td class=\"student\">{name}<small>{Escape(grade.RelativePath)}</small></td>");
            foreach (var check in checks)
                body.Append(CheckCell(grade.Checks.FirstOrDefault(c => c.Name == check)));
            var others = mark.Others.Count == 0 ? "" : $"<small>{mark.Others.Count} earlier file{(mark.Others.Count > 1 ? "s" : "")} not counted: " +
                                                       $"{Escape(string.Join(", ", mark.Others.Select(o => o.RelativePath)))}</small>";
            body.Append($"<td class=\"number\">{OutOf(mark.Total, points.Max)}</td><td>{Escape(Ended(grade))}<small>{HtmlFormat.Duration(grade.Duration)}" +
                        $"{(grade.Detail.Length > 0 ? " · " + Escape(grade.Detail) : "")}</small>{Flags(grade)}{others}</td></tr>\n");
        }
        body.Append("</tbody></table>\n");
        if (points.Questions.Count > 0)
        {
            body.Append($"<h3>Written answers <small>points and comments from {ManualGrades.FileName}</small></h3>\n" +
                        "<table class=\"grades answers\"><thead><tr><th class=\"student\">student</th><th style=\"width:16%\">question</th><th>answer</th>" +
                        "<th class=\"number\">points</th><th style=\"width:22%\">comment</th></tr></thead><tbody>\n");
            foreach (var mark in marks)
                foreach (var answer in mark.Answers)
                    body.Append($"<tr><td class=\"student\">{Escape(StudentOf(course, mark))}</td><td>{Escape(answer.Question.Name)}</td>{Answer(answer.Answer)}" +
                                $"<td class=\"number\">{(answer.Grade?.Points is { } p ? OutOf(p, answer.Question.Points) : answer.ToGrade ? "to grade" : OutOf(0, answer.Question.Points))}</td>" +
                                $"<td>{Escape(answer.Grade?.Comment ?? "")}</td></tr>\n");
            body.Append("</tbody></table>\n");
        }
        body.Append("</section>\n");
    }

    private static void Ungraded(StringBuilder body, CourseGrades course)
    {
        var files = course.Students.SelectMany(s => s.Ungraded.Select(g => (s.Id, Grade: g))).ToList();
        if (files.Count == 0)
            return;
        body.Append("<section id=\"ungraded\"><h2>Files not graded</h2>\n<table class=\"grades\"><thead><tr><th class=\"student\">student</th>" +
                    "<th>file</th><th>why</th></tr></thead><tbody>\n");
        foreach (var (student, grade) in files)
            body.Append($"<tr><td class=\"student\">{Escape(student)}</td><td>{Escape(grade.RelativePath)}</td>" +
                        $"<td>{Escape(Ended(grade))}<small>{Escape(grade.Detail)}</small></td></tr>\n");
        body.Append("</tbody></table></section>\n");
    }

    /// <summary>The row's flags, for the teacher to look at the code: a region not taken, the reference called, the runtime reached.</summary>
    private static string Flags(SubmissionGrade grade) =>
        grade.Flags.Count == 0 ? "" : $"<small class=\"flag\">⚑ {Escape(SubmissionFlag.Describe(grade.Flags))}</small>";

    private static string StudentOf(CourseGrades course, NotebookMark mark) =>
        course.Students.First(s => s.Notebooks.TryGetValue(mark.Notebook, out var m) && ReferenceEquals(m, mark)).Id;

    private static string Anchor(string notebook) => "notebook-" + GradeResults.FileKey(notebook);
}
