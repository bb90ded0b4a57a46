namespace Vae.Notebooks.Grading;

/// <summary>A student of the roster: the id the learning platform knows them by, and their name when the roster has one.</summary>
public sealed record RosterStudent(string Id, string? Name);

/// <summary>
/// The class list (<c>--roster students.csv</c>), as a learning platform exports it: a header line, then a row per student.
/// The id is the column named id, username, student, login or email (the first of these there is), else the first column;
/// it is what a hand-in's folder or file name is matched to (case aside) and what grades.csv is keyed by, under the same
/// column name, so the platform imports it back. A column named name (or full name) gives the students' names.
/// </summary>
public sealed class Roster
{
    public const string FileName = "roster.csv";

    private static readonly string[] IdColumns = ["id", "username", "student", "login", "email", "user"];

    private static readonly string[] NameColumns = ["name", "full name", "fullname"];

    private Roster(string idColumn, IReadOnlyList<RosterStudent> students)
    {
        IdColumn = idColumn;
        Students = students;
    }

    /// <summary>The id column's header, as the roster spells it.</summary>
    public string IdColumn { get; }

    public IReadOnlyList<RosterStudent> Students { get; }

    public bool HasNames => Students.Any(s => s.Name is not null);

    /// <exception cref="InvalidDataException">Not a readable CSV file, no student in it, or a student listed twice (the
    /// message names the file, the row and the fix).</exception>
    public static Roster Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"roster not found: {path}", path);
        var table = CsvTable.Read(path);
        var id = IdColumns.Select(table.Column).FirstOrDefault(i => i >= 0, 0);
        var name = NameColumns.Select(table.Column).FirstOrDefault(i => i >= 0, -1);
        var students = new List<RosterStudent>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, number) in table.Rows.Select((r, i) => (r, i + 2)))
        {
            var student = CsvTable.Field(row, id).Trim();
            if (student.Length == 0)
                continue;
            if (seen.TryGetValue(student, out var first))
                throw new InvalidDataException($"{path}: line {number} lists {student} again (first on line {first}): keep one row per student");
            seen[student] = number;
            students.Add(new RosterStudent(student, CsvTable.Field(row, name).Trim() is { Length: > 0 } n ? n : null));
        }
        if (students.Count == 0)
            throw new InvalidDataException($"{path} lists no student: a header line naming the columns (e.g. username,name), then a row per student");
        return new Roster(table.Header[id].Trim(), students);
    }

    /// <summary>The roster's spelling of <paramref name="student"/>; null when the roster does not list them.</summary>
    public RosterStudent? Find(string student) =>
        Students.FirstOrDefault(s => string.Equals(s.Id, student.Trim(), StringComparison.OrdinalIgnoreCase));
}
