using Vae.Checks;
using Vae.Core;

namespace Vae.Tests.Checks;

/// <summary>
/// The help in steps: an unwritten exercise's stub says what it asks for and how to ask for a hint; each
/// <c>Exercise.Hint(name)</c> gives the next one, read from the hints file beside the notebook.
/// </summary>
public sealed class ExerciseHintTests : IDisposable
{
    private readonly string folder = TestPaths.TempDirectory("hints");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string StudentFolder => Path.Combine(Repository.Root, "notebooks", "student");

    private void WriteHints(string notebook, params ExerciseHints[] exercises) =>
        File.WriteAllText(Path.Combine(folder, notebook + HintsFile.Extension), HintsFile.Serialize(notebook, exercises));

    [Fact]
    public void TheStub_StatesTheGoal_AndHowToAskForAHint()
    {
        var e = Exercise.Todo("Task 1 · training step: the model, its optimizer and a batch in; the loss out");

        Assert.Equal("not written yet: Task 1 · training step: the model, its optimizer and a batch in; the loss out — for a hint, run Exercise.Hint(\"training step\")", e.Message);
        Assert.Equal(e.Message, e.ToString());
        Assert.Equal("", e.StackTrace);
    }

    [Fact]
    public void EachCall_GivesTheNextHint_ThenKeepsToTheLast()
    {
        WriteHints("01-steps", new ExerciseHints("Task 1 · steps one", "a goal", ["look up f and g", "the shape: two lines"]));

        Assert.Equal("Hint 1 of 2 · Task 1 · steps one: look up f and g\n(Exercise.Hint(\"steps one\") again for hint 2)", Exercise.Next("steps one", null, folder));
        Assert.Equal("Hint 2 of 2 · Task 1 · steps one: the shape: two lines\n(that is the last hint; the check after the exercise names what is still wrong)",
            Exercise.Next("steps one", null, folder));
        Assert.StartsWith("Hint 2 of 2 ·", Exercise.Next("steps one", null, folder));
        // A hint asked for by number, and the next call goes on from there.
        Assert.StartsWith("Hint 1 of 2 ·", Exercise.Next("steps one", 1, folder));
        Assert.StartsWith("Hint 2 of 2 ·", Exercise.Next("steps one", null, folder));
        Assert.StartsWith("Hint 2 of 2 ·", Exercise.Next("steps one", 9, folder));
    }

    [Fact]
    public void AnExercise_IsFoundByItsName_ItsCheckName_OrItsTitle()
    {
        WriteHints("04-names", new ExerciseHints("Task 4 · prior draws", "a goal", ["first", "second", "third"]));

        Assert.StartsWith("Hint 1 of 3 · Task 4 · prior draws: first", Exercise.Next("prior_draws", null, folder));
        Assert.StartsWith("Hint 2 of 3 ·", Exercise.Next("Task 4 · prior draws", null, folder));
        Assert.StartsWith("Hint 3 of 3 ·", Exercise.Next("  Prior  Draws ", null, folder));
    }

    [Fact]
    public void AnUnknownName_ListsTheExercisesThatHaveHints_AndNoFileSaysWhereTheyAre()
    {
        Assert.StartsWith($"no hints beside this notebook: its folder ({folder}) has no *.hints.json file", Exercise.Next("encode", null, folder));
        WriteHints("01-a", new ExerciseHints("Task 1 · alpha", "g", ["h"]), new ExerciseHints("Task 1 · beta", "g", ["h"]));

        Assert.Equal("no exercise called \"gamma\" here; ask for one of: Exercise.Hint(\"alpha\"), Exercise.Hint(\"beta\")", Exercise.Next("gamma", null, folder));

        File.WriteAllText(Path.Combine(folder, "02-b" + HintsFile.Extension), "{ not json");
        Assert.StartsWith($"no hints: {Path.Combine(folder, "02-b.hints.json")}: not a hints file", Exercise.Next("alpha", null, folder));
    }

    /// <summary>The workbook's own hints: every exercise of notebooks 1–4 has at least two, the first what to look up.</summary>
    [Fact]
    public void TheWorkbooksExercises_EachHaveHintsInSteps_FirstWhatToLookUp()
    {
        var exercises = HintsFile.ReadFolder(StudentFolder);

        Assert.Equal(["encode", "reparameterize", "compute_elbo", "training step", "encoding", "decoding", "decode_grid", "prior samples"], exercises.Select(e => e.Name));
        Assert.All(exercises, e =>
        {
            Assert.True(e.Hints.Count >= 2, $"{e.Title}: {e.Hints.Count} hints");
            Assert.StartsWith("look up ", e.Hints[0]);
            Assert.Contains("out ", e.Goal);      // the goal says what comes out (and its shape)
        });
        // What the trial found missing (issue 31, item 6), each in its exercise's steps.
        string Hints(string name) => string.Join("\n", exercises.Single(e => e.Name == name).Hints);
        Assert.Contains("reduction: nn.Reduction.None", Hints("compute_elbo"));
        Assert.Contains(".mean([1]) (.mean(1) does not compile)", Hints("compute_elbo"));
        Assert.Contains(".sum(1)", Hints("compute_elbo"));
        Assert.Contains("n, the number of values, is z_range.shape[0]", Hints("decode_grid"));
        Assert.Contains("two n × n tensors", Hints("decode_grid"));
        Assert.Contains("reshape that to (n·n) × 2, one code per row", Hints("decode_grid"));
    }
}
