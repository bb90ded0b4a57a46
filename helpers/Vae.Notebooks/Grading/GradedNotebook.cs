using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Notebooks.Grading;

/// <summary>
/// The notebook that is run for a submission: its own cells, with each of its check cells replaced by the teacher's cells
/// that call the same checks (matched by check name, not position; a check cell of the teacher's that none replaces is put
/// back right after the submission's cell holding that exercise's region, matched by its title, or at the end when that
/// region is gone too). A check cell that calls no teacher check is left out: it can award nothing.
/// </summary>
internal sealed class GradedNotebook
{
    private GradedNotebook(InteractiveDocument document, IReadOnlyDictionary<int, TeacherCheck> teacherCells)
    {
        Document = document;
        TeacherCells = teacherCells;
    }

    public InteractiveDocument Document { get; }

    /// <summary>The teacher's check cells in <see cref="Document"/>, by index in its cells: the only cells results are read from.</summary>
    public IReadOnlyDictionary<int, TeacherCheck> TeacherCells { get; }

    public static GradedNotebook Assemble(InteractiveDocument submission, TeacherEdition teacher)
    {
        var cells = new List<(InteractiveDocumentElement Cell, TeacherCheck? Check)>();
        var placed = new HashSet<TeacherCheck>();
        foreach (var cell in submission.Elements)
        {
            if (CheckCell.Names(cell) is not { } names)
            {
                cells.Add((cell, null));
                continue;
            }
            foreach (var check in teacher.Checks.Where(c => !placed.Contains(c) && c.Names.Intersect(names, StringComparer.Ordinal).Any()))
            {
                cells.Add((check.Cell, check));
                placed.Add(check);
            }
        }
        foreach (var check in teacher.Checks.Where(c => !placed.Contains(c)))
        {
            var at = cells.FindLastIndex(c => c.Check is null && SolutionRegions.Titles(c.Cell).Intersect(check.Exercises, StringComparer.Ordinal).Any());
            if (at < 0)
            {
                cells.Add((check.Cell, check));
                continue;
            }
            // After the exercise's cell and the teacher's check cells already following it.
            at++;
            while (at < cells.Count && cells[at].Check is not null)
                at++;
            cells.Insert(at, (check.Cell, check));
        }
        var teacherCells = cells.Select((c, i) => (c.Check, i)).Where(c => c.Check is not null).ToDictionary(c => c.i, c => c.Check!);
        return new GradedNotebook(new InteractiveDocument([.. cells.Select(c => c.Cell)]), teacherCells);
    }
}
