using System.Security.Cryptography;
using System.Text;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Notebooks.Grading;

/// <summary>
/// The teacher's answers to each notebook a class is graded against, graded before the class, one after the other: in the
/// student edition where the workbook has one (the teacher's answers filled in, as a class hands it back when every exercise
/// is right), else the teacher notebook itself. Unsealed — it is the teacher's own code — in the class's settings, into one
/// runs folder of the gradebook's, reference-runs/, which every submission then reads, read-only
/// (<see cref="Settings.ReferenceRunsVariable"/>), instead of training the runs it opens: with the same seeds, what it would
/// have trained itself. Each notebook's stamp (its settings and the two editions' text) lets a later grading into the same
/// folder (a late submission) skip what is there already. And the teacher's answers should pass every check: if not, the
/// command says so.
/// </summary>
internal static class ReferenceRuns
{
    public const string Folder = "reference-runs";

    /// <summary>The teacher notebooks the hand-ins will be graded against, as the grader matches them, in name order.</summary>
    public static IReadOnlyList<TeacherEdition> EditionsOf(IReadOnlyList<HandIn> handIns, IReadOnlyList<TeacherEdition> editions, string? against)
    {
        if (against is not null)
            return handIns.Count > 0 ? editions : [];
        var matched = new HashSet<TeacherEdition>();
        foreach (var handIn in handIns)
        {
            try
            {
                if (TeacherEdition.Match(NotebookReader.Load(handIn.Path), handIn.Path, editions) is { } edition)
                    matched.Add(edition);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // A file the grader refuses needs no edition.
            }
        }
        return [.. matched.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>Grades the teacher's answers to each edition whose runs <paramref name="folder"/> lacks; their grades.</summary>
    public static async Task<IReadOnlyList<SubmissionGrade>> PrepareAsync(IReadOnlyList<TeacherEdition> editions, string folder, GradeOptions options,
        string scratchRoot, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(scratchRoot, "teacher");
        Directory.CreateDirectory(scratch);
        Directory.CreateDirectory(folder);
        var environment = options.Environment;
        var teacher = options with
        {
            Jobs = 1,
            Environment = dir => new Dictionary<string, string>(environment(dir)) { [Settings.RunsVariable] = folder },
        };
        var grader = new SubmissionGrader(teacher, null, null, editions, scratch);
        var grades = new List<SubmissionGrade>();
        foreach (var (edition, i) in editions.Select((e, i) => (e, i)))
        {
            var label = $"[teacher] {edition.Name}";
            var student = StudentEdition.PathFor(edition.Path);
            var text = File.Exists(student) ? File.ReadAllText(student) : null;
            var stamp = Path.Combine(folder, edition.Name + ".stamp");
            var expected = Stamp(edition, text, environment);
            if (File.Exists(stamp) && File.ReadAllText(stamp) == expected)
                continue;
            var file = edition.Path;
            if (text is not null)
            {
                file = Path.Combine(scratch, Path.GetFileName(student));
                try
                {
                    File.WriteAllText(file, StudentEdition.Fill(text, File.ReadAllText(edition.Path)));
                }
                catch (InvalidDataException e)
                {
                    options.Progress.WriteLine($"{label}: not run, so the class trains its own runs: its student edition is stale ({e.Message}); run ./vae notebooks generate");
                    continue;
                }
            }
            options.Progress.WriteLine($"{label}: grading the teacher's answers first; the runs they train are shared, read-only, with the class");
            var (grade, _) = await grader.GradeAsync(file, i + 1, label, "teacher--" + edition.Name, cancellationToken);
            grades.Add(grade);
            if (grade.End == SubmissionEnd.Completed)
                Vae.Core.AtomicFile.WriteAllText(stamp, expected);
        }
        return grades;
    }

    // What the runs depend on: the settings the notebooks get (not where their runs go) and the text of both editions.
    private static string Stamp(TeacherEdition edition, string? student, Func<string, IReadOnlyDictionary<string, string>> environment)
    {
        var settings = environment("").Where(v => v.Key != Settings.RunsVariable).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}");
        var editions = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(edition.Path) + "\0" + student)));
        return string.Join('\n', [.. settings, $"editions={editions}"]) + "\n";
    }
}
