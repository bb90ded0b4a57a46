using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Notebooks.Grading;

/// <summary>
/// One check cell of the graded notebook: its place among the cells, the checks it calls, and the exercises of the last code
/// cell before it that is not a check cell (its place too: -1 when there is none).
/// </summary>
internal sealed record TeacherCheck(int Index, IReadOnlyList<string> Names, IReadOnlyList<string> Exercises, int ExerciseIndex);

/// <summary>
/// A teacher notebook (notebooks/NN-name.dib) as grading needs it, following nbgrader's rule that a submission contributes
/// only its solution regions: <see cref="Base"/> is the teacher's notebook with every region stubbed (as the student edition
/// has it) and every check cell calling <see cref="CheckCell.QualifiedClass"/>; the grader fills the regions from the
/// submission and runs that. So a student's own cells, edited check cells, seeds or data never run.
/// </summary>
internal sealed class TeacherEdition
{
    private TeacherEdition(string path, InteractiveDocument @base, IReadOnlyList<TeacherCheck> checks, IReadOnlyList<string> exercises)
    {
        Path = path;
        Base = @base;
        Checks = checks;
        Exercises = exercises;
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The cells a submission is graded in: the teacher's, its regions stubbed, its check cells qualified.</summary>
    public InteractiveDocument Base { get; }

    public IReadOnlyList<TeacherCheck> Checks { get; }

    /// <summary>Every code region's title, in order.</summary>
    public IReadOnlyList<string> Exercises { get; }

    /// <summary>Every check name, in the order the notebook calls them: the gradebook's columns.</summary>
    public IReadOnlyList<string> CheckNames => [.. Checks.SelectMany(c => c.Names)];

    /// <exception cref="InvalidDataException">The file is not a readable notebook, or its solution markers do not pair up.</exception>
    public static TeacherEdition Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var document = NotebookReader.Load(full);
        var inStudentFolder = EditionFolderOf(full) != System.IO.Path.GetDirectoryName(full);
        var cells = new List<InteractiveDocumentElement>();
        var checks = new List<TeacherCheck>();
        IReadOnlyList<string> lastExercises = [];
        var lastExercise = -1;
        foreach (var cell in document.Elements)
        {
            if (CheckCell.Qualified(cell) is { } qualified)
            {
                // A check cell comes after the code cell that holds its exercise.
                checks.Add(new TeacherCheck(cells.Count, CheckCell.Names(cell)!, lastExercises, lastExercise));
                cells.Add(qualified);
                continue;
            }
            if (!cell.IsMarkdown)
                (lastExercises, lastExercise) = (SolutionRegions.Titles(cell), cells.Count);
            string stubbed;
            try
            {
                stubbed = StudentEdition.Stub(cell.Contents);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{full}: a cell's solution markers do not pair up ({e.Message})", e);
            }
            cells.Add(new InteractiveDocumentElement(cell.IsCSharp && inStudentFolder ? StudentEdition.MoveReferences(stubbed) : stubbed, cell.KernelName));
        }
        var exercises = document.Elements.SelectMany(SolutionRegions.Titles).Distinct().ToList();
        return new TeacherEdition(full, new InteractiveDocument([.. cells]), checks, exercises);
    }

    /// <summary>The teacher notebooks of the workbook.</summary>
    public static IReadOnlyList<TeacherEdition> LoadWorkbook() => [.. WorkbookLayout.Current.TeacherNotebooks().Select(Load)];

    /// <summary>
    /// The edition a submission came from: the one sharing most of its solution-region titles (the student edition keeps
    /// them verbatim), else most of its check names, else the one of its file name; null when none shares anything.
    /// </summary>
    public static TeacherEdition? Match(InteractiveDocument submission, string fileName, IReadOnlyList<TeacherEdition> editions)
    {
        var exercises = submission.Elements.SelectMany(SolutionRegions.Titles).ToHashSet(StringComparer.Ordinal);
        var checks = submission.Elements.SelectMany(c => CheckCell.Names(c) ?? []).ToHashSet(StringComparer.Ordinal);
        var best = editions
            .Select(e => (Edition: e, Exercises: e.Exercises.Count(exercises.Contains), Checks: e.CheckNames.Count(checks.Contains)))
            .Where(s => s.Exercises + s.Checks > 0)
            .OrderByDescending(s => s.Exercises).ThenByDescending(s => s.Checks)
            .FirstOrDefault();
        if (best.Edition is not null)
            return best.Edition;
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        return editions.FirstOrDefault(e => string.Equals(e.Name, stem, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Where a submission of this edition runs: the folder of its student edition (notebooks/student/) when the workbook has
    /// one, else the teacher notebook's own folder; so that the notebook's relative paths (its <c>#r</c> of the helper)
    /// resolve as they do in the workbook.
    /// </summary>
    public string EditionFolder => EditionFolderOf(Path);

    private static string EditionFolderOf(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        var student = System.IO.Path.Combine(folder, WorkbookLayout.StudentFolder);
        return Directory.Exists(student) && Directory.EnumerateFiles(student, System.IO.Path.GetFileNameWithoutExtension(path) + ".*").Any()
            ? student : folder;
    }
}
