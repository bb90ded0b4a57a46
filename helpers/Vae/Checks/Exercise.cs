using Vae.Drawing;

namespace Vae.Checks;

/// <summary>
/// The student edition's exercises. Where the teacher's answer was, the stub <c>throw Exercise.Todo("…")</c> keeps the
/// cell compiling, and running it stops there with the exercise's goal and how to ask for help; the help then comes in
/// steps, one hint each time the student asks with <see cref="Hint(string)"/>.
/// </summary>
public static class Exercise
{
    private static readonly object Gate = new();
    // The next hint each exercise gives, by name: help goes one step further each time it is asked for.
    private static readonly Dictionary<string, int> NextStep = [];

    /// <param name="text">The marker's text, "Task 1 · encode: the goal".</param>
    public static ExerciseNotDoneException Todo(string text) => new(text);

    /// <summary>
    /// Shows the next hint for the exercise (its name as the stub's message spells it: "encode", "training step"), read
    /// from the hints file beside the notebook: the first call the functions to look up, later ones the shape of the code.
    /// </summary>
    public static void Hint(string exercise) => NotebookDisplay.Show(Next(exercise, step: null, Environment.CurrentDirectory));

    /// <summary>Shows hint number <paramref name="step"/> (from 1) of the exercise; the next call goes on from there.</summary>
    public static void Hint(string exercise, int step) => NotebookDisplay.Show(Next(exercise, step, Environment.CurrentDirectory));

    /// <summary>The text of the next hint (or of hint <paramref name="step"/>) for the exercise, from the hints files in <paramref name="folder"/>.</summary>
    internal static string Next(string exercise, int? step, string folder)
    {
        IReadOnlyList<ExerciseHints> all;
        try
        {
            all = HintsFile.ReadFolder(folder);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return $"no hints: {e.Message}";
        }
        if (all.Count == 0)
            return $"no hints beside this notebook: its folder ({folder}) has no *{HintsFile.Extension} file; the student edition's folder has them (./vae notebooks generate writes them)";
        var key = Key(exercise);
        if (all.FirstOrDefault(e => Key(e.Name) == key || Key(e.Title) == key) is not { } found)
            return $"no exercise called \"{exercise}\" here; ask for one of: {string.Join(", ", all.Select(e => $"Exercise.Hint(\"{e.Name}\")"))}";
        if (found.Hints.Count == 0)
            return $"{found.Title} has no hints: its goal is all there is — {found.Goal}";
        int shown;
        lock (Gate)
        {
            shown = Math.Clamp(step ?? NextStep.GetValueOrDefault(key, 1), 1, found.Hints.Count);
            NextStep[key] = Math.Min(shown + 1, found.Hints.Count);
        }
        var more = shown < found.Hints.Count
            ? $"(Exercise.Hint(\"{found.Name}\") again for hint {shown + 1})"
            : "(that is the last hint; the check after the exercise names what is still wrong)";
        return $"Hint {shown} of {found.Hints.Count} · {found.Title}: {found.Hints[shown - 1]}\n{more}";
    }

    // "Task 1 · training step", "training step" and "training_step" name the same exercise.
    private static string Key(string name) =>
        string.Join(' ', ExerciseHints.NameOf(name).ToLowerInvariant().Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>An exercise not written yet. Shown as its goal alone: a stack trace would only point into the stub.</summary>
public sealed class ExerciseNotDoneException(string text)
    : Exception($"not written yet: {text} — for a hint, run Exercise.Hint(\"{ExerciseHints.NameOf(text.Split(':', 2)[0])}\")")
{
    // Empty, not null: the kernel's Jupyter mode splits the trace into lines, and a null one leaves the cell unanswered.
    public override string StackTrace => "";

    public override string ToString() => Message;
}
