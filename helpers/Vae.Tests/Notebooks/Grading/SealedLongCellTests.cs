using Vae.Core;

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

    private static string Setup => File.ReadAllText(Path.Combine(Repository.Root, "helpers", "Vae.Tests", "Notebooks", "Grading", "StandInChecks.csx"));

    private const string Exercise = "int add(int a, int b)\n{\n    // BEGIN SOLUTION Add: return the sum\n    return a + b;\n    // END SOLUTION\n}";

    [OrdinaryUserSealedFact]
    public void ACellOfThirtyFiveSeconds_RunsToItsEnd_AndAnEndlessOneEndsAtTheTimeLimit()
    {
        var teacher = folder.Write("teacher/01-adding.dib", Setup, "#r \"checks.dll\"", Exercise, "Check.Add(add);");
        var slow = folder.Write("class/slow.dib", Setup, "#r \"checks.dll\"",
            "System.Threading.Thread.Sleep(35_000);\ndisplay(\"awake after 35 s\");", Exercise, "Check.Add(add);");
        var loop = folder.Write("class/loop.dib", Setup, "#r \"checks.dll\"", Exercise, "while (true) { }");
        var output = OrdinaryUser.Writable(Directory.CreateDirectory(Path.Combine(folder.Folder, "out")).FullName);

        var result = OrdinaryUser.Run("dotnet", [TestPaths.Cli, "notebooks", "grade", slow, loop, "--against", teacher, "--out", output,
            "--timeout", "50", "--jobs", "2"], TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        string Row(string path) => rows.Single(r => r.StartsWith(path + ",", StringComparison.Ordinal));
        Assert.Contains(",completed,", Row(slow), StringComparison.Ordinal);
        Assert.Contains(",✓,", Row(slow), StringComparison.Ordinal);
        Assert.Contains("awake after 35 s", File.ReadAllText(Path.Combine(output, "submissions", "001-slow.ipynb")), StringComparison.Ordinal);
        Assert.Contains(",time limit,", Row(loop), StringComparison.Ordinal);
        // Its check came before the loop, and counts.
        Assert.Contains(",✓,", Row(loop), StringComparison.Ordinal);
    }
}
