using System.Globalization;

namespace Vae.Notebooks.Grading;

/// <summary>A written answer for the teacher to grade: whose, which question of which notebook, worth what, and the answer.</summary>
internal sealed record AnswerToGrade(string Student, string Notebook, string Question, int Order, double MaxPoints, WrittenAnswer Answer);

/// <summary>What the teacher gave an answer in manual.csv: points (null until entered), a comment, and what was wrong with
/// the points typed, if anything (then they do not count).</summary>
public sealed record ManualGrade(double? Points, string Comment, string? Problem = null);

/// <summary>
/// manual.csv: one row per written answer, which the grader writes with the points and comment columns empty for the
/// teacher to fill in (in a spreadsheet or an editor). Every grading and merge reads it first and writes it back with the
/// teacher's entries as they were: points, comments, notes, columns and rows of the teacher's own — even the rows of answers
/// no longer graded. Only the grader's columns change (the answer and what it is worth); when an answer the teacher already
/// graded changes (a late submission), its note says so.
/// </summary>
internal sealed class ManualGrades
{
    public const string FileName = "manual.csv";

    private const string Student = "student", Notebook = "notebook", Question = "question", MaxPoints = "max points", Answer = "answer",
        Points = "points", Comment = "comment", Note = "note";

    public const string ChangedNote = "the answer changed after it was graded: check the points";

    private static readonly string[] Columns = [Student, Notebook, Question, MaxPoints, Answer, Points, Comment, Note];

    private readonly string path;
    private readonly List<string> header;
    private readonly List<string[]> rows;
    private readonly string? original;

    private ManualGrades(string path, List<string> header, List<string[]> rows, string? original)
    {
        this.path = path;
        this.header = header;
        this.rows = rows;
        this.original = original;
    }

    /// <summary>The file's entries; none when it does not exist yet.</summary>
    /// <exception cref="InvalidDataException">It exists but cannot be read as manual.csv; it is left as it is.</exception>
    public static ManualGrades Load(string path)
    {
        if (!File.Exists(path))
            return new ManualGrades(path, [.. Columns], [], null);
        var table = CsvTable.Read(path);
        if (new[] { Student, Notebook, Question }.FirstOrDefault(c => table.Column(c) < 0) is { } lacking)
            throw new InvalidDataException($"{path} has no '{lacking}' column, so its points cannot be matched to answers: restore its header " +
                                           $"line ({string.Join(',', Columns)}, then any columns of yours); it was left as it is");
        var header = table.Header.ToList();
        // A column of ours the teacher deleted comes back, empty, at the end.
        header.AddRange(Columns.Where(c => table.Column(c) < 0));
        var rows = table.Rows.Select(r => Enumerable.Range(0, header.Count).Select(i => CsvTable.Field(r, i)).ToArray()).ToList();
        return new ManualGrades(path, header, rows, File.ReadAllText(path));
    }

    private int Index(string column) => header.FindIndex(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));

    private string[]? Row(string student, string notebook, string question) => rows.FirstOrDefault(r =>
        string.Equals(r[Index(Student)].Trim(), student, StringComparison.OrdinalIgnoreCase)
        && r[Index(Notebook)].Trim() == notebook && r[Index(Question)].Trim() == question);

    /// <summary>What the teacher gave the answer; null when it has no row.</summary>
    public ManualGrade? Find(string student, string notebook, string question)
    {
        if (Row(student, notebook, question) is not { } row)
            return null;
        var comment = row[Index(Comment)].Trim();
        var text = row[Index(Points)].Trim();
        if (text.Length == 0)
            return new ManualGrade(null, comment);
        return double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var points) && points >= 0 && double.IsFinite(points)
            ? new ManualGrade(points, comment)
            : new ManualGrade(null, comment, $"'{text}' is not a number of points: write e.g. 1 or 0.5 (it counts as not graded yet)");
    }

    /// <summary>
    /// A row for each answer: new ones with empty points and comment, existing ones with the answer and its points brought
    /// up to date (a note when the answer changed under the teacher's points). Then every row in grading order: by notebook,
    /// question, student.
    /// </summary>
    public void Update(IReadOnlyList<AnswerToGrade> answers)
    {
        foreach (var answer in answers)
        {
            var text = Shown(answer.Answer);
            var max = NotebookPoints.Format(answer.MaxPoints);
            if (Row(answer.Student, answer.Notebook, answer.Question) is not { } row)
            {
                row = new string[header.Count];
                Array.Fill(row, "");
                (row[Index(Student)], row[Index(Notebook)], row[Index(Question)]) = (answer.Student, answer.Notebook, answer.Question);
                rows.Add(row);
            }
            else if (row[Index(Answer)] != text && (row[Index(Points)].Trim().Length > 0 || row[Index(Comment)].Trim().Length > 0))
                row[Index(Note)] = ChangedNote;
            (row[Index(Answer)], row[Index(MaxPoints)]) = (text, max);
        }
        var order = answers.GroupBy(a => (a.Notebook, a.Question)).ToDictionary(g => g.Key, g => g.First().Order);
        var sorted = rows
            .OrderBy(r => r[Index(Notebook)].Trim(), StringComparer.Ordinal)
            .ThenBy(r => order.GetValueOrDefault((r[Index(Notebook)].Trim(), r[Index(Question)].Trim()), int.MaxValue))
            .ThenBy(r => r[Index(Question)].Trim(), StringComparer.Ordinal)
            .ThenBy(r => r[Index(Student)].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToList();
        rows.Clear();
        rows.AddRange(sorted);
    }

    /// <summary>Problems with what was typed: points that are not a number, one answer graded on two rows.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var seen = new Dictionary<(string, string, string), int>();
        foreach (var (row, line) in rows.Select((r, i) => (r, i + 2)))
        {
            var key = (row[Index(Student)].Trim().ToLowerInvariant(), row[Index(Notebook)].Trim(), row[Index(Question)].Trim());
            if (seen.TryGetValue(key, out var first))
                problems.Add($"{FileName} line {line} grades the same answer as line {first}: the first counts; delete one");
            else
                seen[key] = line;
            if (Find(row[Index(Student)].Trim(), key.Item2, key.Item3) is { Problem: { } problem } && seen[key] == line)
                problems.Add($"{FileName} line {line} ({row[Index(Student)]}, {key.Item3}): {problem}");
        }
        return problems;
    }

    /// <summary>Writes the file back (to a temporary file, renamed), unless nothing changed.</summary>
    public void Save()
    {
        var table = new CsvTable(header, rows);
        if (original is not null && original.TrimStart('\uFEFF') == table.Text())
            return;
        table.Write(path, forSpreadsheets: true);
    }

    private static string Shown(WrittenAnswer answer) => answer.State switch
    {
        AnswerState.Answered => answer.Text,
        AnswerState.Unanswered => "(not answered)",
        _ => "(no answer: the question's markers are gone from the notebook)",
    };
}
