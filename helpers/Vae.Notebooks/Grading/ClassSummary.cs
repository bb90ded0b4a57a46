namespace Vae.Notebooks.Grading;

/// <summary>How many of a check's failures made one mistake: named by the check (<see cref="GradedCheck.Mistake"/>), else by
/// its message; <see cref="Example"/> is one student's message for it.</summary>
internal sealed record MistakeCount(string Mistake, int Count, string Example);

/// <summary>One check across the class: how many passed, failed and never got there, and the failures' mistakes, most made first.</summary>
internal sealed record CheckSummary(string Notebook, string Check, int Passed, int Failed, int NotReached, IReadOnlyList<MistakeCount> Mistakes)
{
    public int Graded => Passed + Failed + NotReached;
}

/// <summary>
/// The class at a glance: for each check of each notebook, over the submission that counts of every student who handed
/// that notebook in, how many passed and which mistakes the others made, ranked. What a teacher reads before the next lecture.
/// </summary>
internal static class ClassSummary
{
    public static IReadOnlyList<CheckSummary> Of(CourseGrades course) =>
    [
        .. course.Notebooks.SelectMany(notebook =>
        {
            var checks = course.Marks.Where(m => m.Notebook == notebook).SelectMany(m => m.Counted.Checks).ToList();
            var names = course.Points[notebook].Checks.Keys.Concat(checks.Select(c => c.Name)).Distinct();
            return names.Select(name =>
            {
                var results = checks.Where(c => c.Name == name).ToList();
                var failed = results.Where(c => c.Status == CheckStatus.Failed).ToList();
                var mistakes = failed.GroupBy(c => c.Mistake ?? c.Message)
                    .Select(g => new MistakeCount(g.Key, g.Count(), g.First().Message))
                    .OrderByDescending(m => m.Count).ThenBy(m => m.Mistake, StringComparer.Ordinal).ToList();
                return new CheckSummary(notebook, name, results.Count(c => c.Status == CheckStatus.Passed), failed.Count,
                    results.Count(c => c.Status == CheckStatus.NotReached), mistakes);
            });
        }),
    ];

    /// <summary>One line: "compute_elbo: 9 of 30 ✗ — kl.log-sigma 5, pixels averaged 3, …".</summary>
    public static string Line(CheckSummary check) =>
        $"{check.Check}: {check.Failed} of {check.Graded} ✗" +
        (check.Mistakes.Count > 0 ? " — " + string.Join(", ", check.Mistakes.Select(m => $"{m.Mistake} {m.Count}")) : "") +
        (check.NotReached > 0 ? $"; {check.NotReached} not reached" : "");
}
