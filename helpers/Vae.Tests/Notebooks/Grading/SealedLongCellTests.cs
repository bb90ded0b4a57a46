using static Vae.Tests.Notebooks.Grading.ElboExercise;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// A sealed kernel lives as long as its cells need: a cell of 35 s runs to its end, and an endless loop runs until the time
/// limit ends it. (Every sealed kernel used to die with exit code 137 some 20 s after its start: bubblewrap's
/// --die-with-parent fires when the thread that forked it ends, and that was a thread-pool thread the pool retired. Whether a
/// pool thread retires depends on the pool's other work; <see cref="ParentThreadTests"/> pins the cause itself.)
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class SealedLongCellTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    [OrdinaryUserSealedFact]
    public void ACellOfThirtyFiveSeconds_RunsToItsEnd_AndAnEndlessOneEndsAtTheTimeLimit()
    {
        var teacher = folder.Write("teacher/01-elbo.dib", SetupCell, Exercise(Right), CheckCell);
        // The student's code runs in the exercise's region (nbgrader's rule), here at the cell's top level after the answer.
        var slow = folder.Write("class/slow.dib", SetupCell,
            Exercise(Right + "\n}\nSystem.Threading.Thread.Sleep(35_000);\ndisplay(\"awake after 35 s\");\nvoid Unused()\n{"), CheckCell);
        var loop = folder.Write("class/loop.dib", SetupCell, Exercise(Right + "\n}\nwhile (true) { }\nvoid Unused()\n{"), CheckCell);
        var output = OrdinaryUser.Writable(Directory.CreateDirectory(Path.Combine(folder.Folder, "out")).FullName);

        var result = OrdinaryUser.Run("dotnet", [TestPaths.Cli, "notebooks", "grade", slow, loop, "--against", teacher, "--out", output,
            "--timeout", "50", "--jobs", "2"], TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        string Row(string path) => rows.Single(r => r.Contains($",{path},", StringComparison.Ordinal));
        Assert.Contains(",completed,", Row(slow), StringComparison.Ordinal);
        Assert.Contains(",✓,", Row(slow), StringComparison.Ordinal);
        Assert.Contains("awake after 35 s", File.ReadAllText(Path.Combine(output, "submissions", "slow--slow.ipynb")), StringComparison.Ordinal);
        Assert.Contains(",time limit,", Row(loop), StringComparison.Ordinal);
        // Its check comes after the loop: not reached.
        Assert.Contains(",not reached,", Row(loop), StringComparison.Ordinal);
    }
}
