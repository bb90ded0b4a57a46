using Vae.Core;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;
using Vae.Notebooks.Running;

namespace Vae.Tests.Notebooks.Editions;

/// <summary>
/// The student edition: generated from the teacher's notebooks, touching nothing but the solution regions (and the one
/// #r path a folder deeper), and a run of it stops at its first exercise with that exercise's hint, in the kernel and in
/// Jupyter.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class StudentEditionTests(QuickRuns runs)
{
    /// <summary>The checks each notebook runs, in order: every exercise has one right after it.</summary>
    internal static readonly Dictionary<string, string[]> ExpectedChecks = new()
    {
        ["01-implementation"] = ["encode", "reparameterize", "compute_elbo", "training_step"],
        ["02-encoding"] = ["encoding"],
        ["03-decoding"] = ["decoding"],
        ["04-latent-space"] = ["latent_grid", "prior_samples"],
    };

    /// <summary>The machine-readable check results of a run of the teacher's notebook: every one passed, each check once, in order.</summary>
    internal static void AssertEveryCheckPassed(string notebook, IEnumerable<string> results)
    {
        var checks = results.Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement).ToList();
        Assert.All(checks, c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetRawText()));
        Assert.Equal(ExpectedChecks.GetValueOrDefault(notebook, []), checks.Select(c => c.GetProperty("check").GetString()));
    }

    private static string StudentPath(string name) =>
        StudentEdition.PathFor(Path.Combine(Repository.Root, "notebooks", name + DibFormat.Extension));

    [Fact]
    public void PuttingTheTeachersRegionsBack_GivesTheTeachersNotebook_ByteForByte()
    {
        foreach (var teacherPath in WorkbookLayout.Current.TeacherNotebooks())
        {
            var teacher = File.ReadAllText(teacherPath);
            var student = File.ReadAllText(StudentEdition.PathFor(teacherPath));
            Assert.NotEqual(teacher, student);
            Assert.Equal(teacher, StudentEdition.Restore(student, teacher));
        }
    }

    [Fact]
    public void EveryCodeRegion_BecomesOneStubThatThrowsItsHint_AndEveryExerciseHasItsCheck()
    {
        foreach (var (name, checks) in ExpectedChecks)
        {
            var student = File.ReadAllText(StudentPath(name));
            var lines = SolutionRegions.Lines(student);
            var code = SolutionRegions.Find(student).Where(r => !r.IsMarkdown).ToList();
            Assert.Equal(checks.Length, code.Count);
            foreach (var region in code)
            {
                Assert.Equal(region.Begin + 2, region.End);
                Assert.Equal($"{region.Indent}throw Exercise.Todo(\"{region.Text!.Replace("\"", "\\\"")}\");", lines[region.Begin + 1]);
                Assert.StartsWith("Task ", region.Title);
            }
            foreach (var check in checks)
                Assert.Contains($"Check.{check}(", student);
        }
    }

    [Fact]
    public void AResearchQuestionsDiscussion_BecomesAnOpenQuestion_AndEveryNotebookEndsWithTheStudentsOwn()
    {
        var student = File.ReadAllText(StudentPath("02-encoding"));
        Assert.DoesNotContain("Digits that people write in few ways", student);
        Assert.Contains("Which digit lives where?", student);
        Assert.Equal(2, SolutionRegions.Find(student).Count(r => r.IsMarkdown));
        foreach (var path in WorkbookLayout.Current.TeacherNotebooks())
            Assert.Contains("## Your own question", File.ReadAllText(StudentEdition.PathFor(path)));
    }

    [Theory]
    [InlineData("x\n// BEGIN SOLUTION Task 1 · a: b\ny\n", "line 2: BEGIN SOLUTION without an END SOLUTION after it")]
    [InlineData("x\n// END SOLUTION\n", "line 2: END SOLUTION without a BEGIN SOLUTION before it")]
    [InlineData("// BEGIN SOLUTION Task 1 · a: b\n// BEGIN SOLUTION Task 1 · c: d\n// END SOLUTION\n", "line 2: BEGIN SOLUTION inside the region begun on line 1")]
    [InlineData("// BEGIN SOLUTION\nx\n// END SOLUTION\n", "line 1: a code region's marker names its exercise and hint")]
    [InlineData("<!-- BEGIN SOLUTION -->\nx\n// END SOLUTION\n", "line 3: this END SOLUTION does not match the kind")]
    public void MarkersThatDoNotPairUp_AreRefused_NamingTheLine(string teacher, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => StudentEdition.Generate(teacher));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void TheGenerator_KeepsCrLfAndEverythingOutsideTheRegions()
    {
        const string teacher = "#r \"../artifacts/x.dll\"\r\nint f()\r\n{\r\n    // BEGIN SOLUTION Task 9 · f: return \"4\"\r\n    return 4;\r\n    // END SOLUTION\r\n}\r\n";
        var student = StudentEdition.Generate(teacher);
        Assert.Equal("#r \"../../artifacts/x.dll\"\r\nint f()\r\n{\r\n    // BEGIN SOLUTION Task 9 · f: return \"4\"\r\n    throw Exercise.Todo(\"Task 9 · f: return \\\"4\\\"\");\r\n    // END SOLUTION\r\n}\r\n", student);
        Assert.Equal(teacher, StudentEdition.Restore(student, teacher));
    }

    /// <summary>Run All on a student notebook: every cell before the first exercise runs, and the run stops at that exercise's check with its hint.</summary>
    [Theory]
    [InlineData("01-implementation", "✗ encode: not written yet: Task 1 · encode: split the encoder's 2d outputs")]
    [InlineData("02-encoding", "not written yet: Task 2 · encoding: encode the first n_points test images")]
    public async Task AStudentNotebook_RunsInTheKernel_AndStopsAtItsFirstExerciseWithItsHint(string name, string hint)
    {
        var result = await NotebookRunner.RunAsync(StudentPath(name), QuickSettings.Options(runs.Folder));

        var failed = Assert.Single(result.Cells, c => c.Status == CellStatus.Failed);
        var error = $"{failed.Error!.Message}\n{failed.Error.Details}";
        Assert.Contains(hint, error);
        Assert.DoesNotContain("   at ", error);     // the hint alone, no stack trace
        Assert.All(result.Cells.TakeWhile(c => c != failed), c => Assert.Equal(CellStatus.Succeeded, c.Status));
        Assert.All(result.Cells.SkipWhile(c => c != failed).Skip(1).Where(c => !c.Cell.IsMarkdown), c => Assert.Equal(CellStatus.NotRun, c.Status));
    }

    [Fact]
    public void AStudentNotebook_InJupyter_StopsAtItsFirstExerciseWithItsHint()
    {
        using var kernel = JupyterKernel.Install();
        var folder = TestPaths.TempDirectory("nbconvert-student");
        var twin = GeneratedNotebooks.TwinPath(StudentPath("01-implementation"));

        var result = kernel.Execute([twin], folder, runs.Settings, TimeSpan.FromMinutes(3), stopAtError: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not written yet: Task 1 · encode", result.Error);
    }
}
