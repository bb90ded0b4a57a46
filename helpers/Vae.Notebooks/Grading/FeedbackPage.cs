using System.Text;
using static Vae.Notebooks.Grading.GradebookHtml;

namespace Vae.Notebooks.Grading;

/// <summary>
/// A student's feedback, to hand back: one page, needing no other file, with each notebook's points, every check with the
/// message the student would have seen in their notebook, their written answers with the teacher's points and comments, and
/// what became of files that could not be graded. Nothing of other students, nor the grader's own figures (memory, leftovers).
/// </summary>
internal static class FeedbackPage
{
    public static string Render(StudentGrades student, CourseGrades course)
    {
        var body = new StringBuilder();
        foreach (var notebook in course.Notebooks)
        {
            var points = course.Points[notebook];
            if (!student.Notebooks.TryGetValue(notebook, out var mark))
            {
                body.Append($"<section><h2>{Escape(notebook)} <small>not handed in: 0 of {NotebookPoints.Format(points.Max)} points</small></h2></section>\n");
                continue;
            }
            body.Append($"<section><h2>{Escape(notebook)} <small>{OutOf(mark.Total, points.Max)} points · {Escape(mark.Counted.RelativePath)}, " +
                        $"{Escape(Ended(mark.Counted))}</small></h2>\n");
            body.Append("<table class=\"grades\"><thead><tr><th style=\"width:20%\">check</th><th style=\"width:11%\">result</th><th>what it found</th>" +
                        "<th class=\"number\">points</th></tr></thead><tbody>\n");
            foreach (var check in mark.Counted.Checks)
            {
                var earned = check.Status == CheckStatus.Passed ? points.Of(check.Name) : 0;
                body.Append($"<tr><td>{Escape(check.Name)}</td>{CheckCell(check, why: false)}<td>{Escape(check.Message)}</td>" +
                            $"<td class=\"number\">{OutOf(earned, points.Of(check.Name))}</td></tr>\n");
            }
            foreach (var answer in mark.Answers)
            {
                var given = answer.Grade?.Points is { } p ? OutOf(p, answer.Question.Points) : answer.ToGrade ? "not graded yet" : OutOf(0, answer.Question.Points);
                body.Append($"<tr><td>{Escape(answer.Question.Name)}</td><td>written answer</td>{Answer(answer.Answer, answer.Grade?.Comment)}" +
                            $"<td class=\"number\">{given}</td></tr>\n");
            }
            body.Append("</tbody></table>");
            if (mark.Others.Count > 0)
                body.Append($"<p><small>Also handed in, not counted (a later file counts): {Escape(string.Join(", ", mark.Others.Select(o => o.RelativePath)))}</small></p>");
            body.Append("</section>\n");
        }
        if (student.Ungraded.Count > 0)
        {
            body.Append("<section><h2>Files that could not be graded</h2><table class=\"grades\"><thead><tr><th>file</th><th>why</th></tr></thead><tbody>\n");
            foreach (var grade in student.Ungraded)
                body.Append($"<tr><td>{Escape(grade.RelativePath)}</td><td>{Escape(Ended(grade))}<small>{Escape(grade.Detail)}</small></td></tr>\n");
            body.Append("</tbody></table></section>\n");
        }
        var facts = $"<span class=\"sum\">{OutOf(student.Total, course.Max)} points</span>" +
                    (student.Name is { } name ? $"<span>{Escape(name)}</span>" : "") +
                    (course.Results.Count > 0 ? $"<span>graded {course.Results.Max(r => r.GradedAt).ToLocalTime():yyyy-MM-dd}</span>" : "");
        return Page($"Feedback — {student.Id}", facts, body.ToString());
    }
}
