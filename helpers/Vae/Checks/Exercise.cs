namespace Vae.Checks;

/// <summary>
/// What the student edition puts where the teacher's answer was: <c>throw Exercise.Todo("…")</c> keeps the cell
/// compiling, and running it stops there with the exercise's hint instead of an error further down.
/// </summary>
public static class Exercise
{
    public static ExerciseNotDoneException Todo(string hint) => new(hint);
}

/// <summary>An exercise not written yet. Shown as its hint alone: a stack trace would only point into the stub.</summary>
public sealed class ExerciseNotDoneException(string hint) : Exception($"not written yet: {hint}")
{
    // Empty, not null: the kernel's Jupyter mode splits the trace into lines, and a null one leaves the cell unanswered.
    public override string StackTrace => "";

    public override string ToString() => Message;
}
