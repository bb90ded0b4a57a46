namespace Vae.Notebooks.Grading;

/// <summary>A written answer in a student's notebook with what it is worth and what the teacher gave it in manual.csv.</summary>
internal sealed record GradedAnswer(WrittenQuestion Question, WrittenAnswer Answer, ManualGrade? Grade)
{
    /// <summary>The teacher's points; an answer not written is worth 0 without them.</summary>
    public double Points => Grade?.Points ?? 0;

    /// <summary>Written, and no points entered for it yet.</summary>
    public bool ToGrade => Answer.State == AnswerState.Answered && Grade?.Points is null;
}

/// <summary>
/// One notebook of one student: the submission that counts (the file handed in last, when there are several), the others,
/// the points of its passed checks and of its written answers, out of what the notebook is worth.
/// </summary>
internal sealed record NotebookMark(string Notebook, SubmissionGrade Counted, IReadOnlyList<SubmissionGrade> Others, NotebookPoints Points,
    IReadOnlyList<GradedAnswer> Answers)
{
    public double CheckPoints => Counted.Checks.Where(c => c.Status == CheckStatus.Passed).Sum(c => Points.Of(c.Name));

    public double Total => CheckPoints + Answers.Sum(a => a.Points);

    public int ToGrade => Answers.Count(a => a.ToGrade);
}

/// <summary>A student's row: their notebooks' marks, and the files of theirs that could not be graded (refused, no notebook matched).</summary>
internal sealed record StudentGrades(string Id, string? Name, bool OnRoster, IReadOnlyDictionary<string, NotebookMark> Notebooks,
    IReadOnlyList<SubmissionGrade> Ungraded)
{
    public double Total => Notebooks.Values.Sum(n => n.Total);

    public bool HandedInNothing => Notebooks.Count == 0 && Ungraded.Count == 0;
}

/// <summary>
/// A course's grades, students by notebooks, assembled from every graded submission, the roster and the teacher's manual
/// grades: the one model every gradebook file (CSV, HTML, feedback pages, grades.csv) is written from.
/// </summary>
internal sealed class CourseGrades
{
    private CourseGrades(IReadOnlyList<string> notebooks, IReadOnlyDictionary<string, NotebookPoints> points, IReadOnlyList<StudentGrades> students,
        IReadOnlyList<SubmissionGrade> results, Roster? roster)
    {
        Notebooks = notebooks;
        Points = points;
        Students = students;
        Results = results;
        Roster = roster;
    }

    /// <summary>The teacher notebooks graded, by name in order (01-implementation, …).</summary>
    public IReadOnlyList<string> Notebooks { get; }

    /// <summary>What each notebook is worth: the teacher edition's points now, else those it had when graded.</summary>
    public IReadOnlyDictionary<string, NotebookPoints> Points { get; }

    /// <summary>Every student: the roster's in its order, then those it lacks (or all, without a roster) by id.</summary>
    public IReadOnlyList<StudentGrades> Students { get; }

    /// <summary>Every submission graded, counted or not.</summary>
    public IReadOnlyList<SubmissionGrade> Results { get; }

    public Roster? Roster { get; }

    /// <summary>A hand-in's student as the course names them: the roster's spelling, when it lists them.</summary>
    public string IdOf(string student) => Roster?.Find(student)?.Id ?? student.Trim();

    public double Max => Notebooks.Sum(n => Points[n].Max);

    /// <summary>The submissions that count, one per student and notebook.</summary>
    public IEnumerable<NotebookMark> Marks => Students.SelectMany(s => Notebooks.Where(s.Notebooks.ContainsKey).Select(n => s.Notebooks[n]));

    /// <summary>
    /// The course from its results. <paramref name="manual"/> gets a row for every written answer that counts (and keeps
    /// every row it had), and gives the teacher's points. <paramref name="editions"/>: each teacher notebook's points as its
    /// edition sets them now.
    /// </summary>
    public static CourseGrades Assemble(IReadOnlyList<SubmissionGrade> results, Roster? roster, IReadOnlyDictionary<string, NotebookPoints> editions,
        ManualGrades manual)
    {
        string IdOf(string student) => roster?.Find(student)?.Id ?? student.Trim();
        var byStudent = results.GroupBy(r => IdOf(r.Student), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var notebooks = results.Select(r => r.Against).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var points = notebooks.ToDictionary(n => n, n => editions.GetValueOrDefault(n)
            ?? results.Where(r => r.Against == n).OrderByDescending(r => r.GradedAt).Select(r => r.Points).OfType<NotebookPoints>().FirstOrDefault()
            ?? new NotebookPoints(results.Where(r => r.Against == n).SelectMany(r => r.Checks.Select(c => c.Name)).Distinct().ToDictionary(c => c, _ => 1.0), []));

        var ids = (roster?.Students.Select(s => s.Id) ?? []).Concat(byStudent.Keys.Where(k => roster?.Find(k) is null).Order(StringComparer.OrdinalIgnoreCase)).ToList();
        var counted = ids.ToDictionary(id => id, id => Counted(byStudent.GetValueOrDefault(id) ?? []));
        manual.Update([.. counted.SelectMany(s => s.Value.Select(n => (Student: s.Key, Notebook: n.Key, n.Value.Counted)))
            .SelectMany(s => points[s.Notebook].Questions.Select((q, i) => new AnswerToGrade(s.Student, s.Notebook, q.Name, i, q.Points, AnswerOf(s.Counted, q))))]);

        var students = ids.Select(id =>
        {
            var marks = counted[id].ToDictionary(n => n.Key, n => new NotebookMark(n.Key, n.Value.Counted, n.Value.Others, points[n.Key],
                [.. points[n.Key].Questions.Select(q => new GradedAnswer(q, AnswerOf(n.Value.Counted, q), manual.Find(id, n.Key, q.Name)))]));
            var ungraded = (byStudent.GetValueOrDefault(id) ?? []).Where(r => r.Against is null).ToList();
            return new StudentGrades(id, roster?.Find(id)?.Name, roster?.Find(id) is not null, marks, ungraded);
        }).ToList();
        return new CourseGrades(notebooks, points, students, results, roster);
    }

    /// <summary>Per notebook, the submission that counts — handed in last, then graded last — and the others.</summary>
    private static Dictionary<string, (SubmissionGrade Counted, IReadOnlyList<SubmissionGrade> Others)> Counted(IReadOnlyList<SubmissionGrade> results) =>
        results.Where(r => r.Against is not null).GroupBy(r => r.Against!).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.OrderByDescending(r => r.HandedIn).ThenByDescending(r => r.GradedAt).ThenBy(r => r.RelativePath, StringComparer.Ordinal).ToList();
            return (ordered[0], (IReadOnlyList<SubmissionGrade>)ordered.Skip(1).ToList());
        });

    private static WrittenAnswer AnswerOf(SubmissionGrade grade, WrittenQuestion question) =>
        grade.Answers.FirstOrDefault(a => a.Question == question.Name) ?? new WrittenAnswer(question.Name, AnswerState.Missing, "");
}
