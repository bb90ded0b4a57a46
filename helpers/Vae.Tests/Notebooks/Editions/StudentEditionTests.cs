using Vae.Checks;
using Vae.Core;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;
using Vae.Notebooks.Running;

namespace Vae.Tests.Notebooks.Editions;

/// <summary>
/// The student edition: generated from the teacher's notebooks, touching nothing but the solution regions (and the one
/// #r path a folder deeper), with none of the teacher's answer lines and the teacher's hints in a file beside it; a run
/// of it stops at its first exercise with that exercise's goal and how to ask for a hint, in the kernel and in Jupyter.
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
    [InlineData("// BEGIN SOLUTION Task 1 · a: b\nx\n// HINT: late\n// END SOLUTION\n", "line 3: a // HINT: line goes right after its exercise's // BEGIN SOLUTION")]
    [InlineData("// HINT: loose\n// BEGIN SOLUTION Task 1 · a: b\nx\n// END SOLUTION\n", "line 1: a // HINT: line goes right after its exercise's // BEGIN SOLUTION")]
    [InlineData("<!-- BEGIN SOLUTION -->\n// HINT: in markdown\n<!-- END SOLUTION -->\n", "line 2: a // HINT: line goes right after its exercise's // BEGIN SOLUTION")]
    [InlineData("// BEGIN SOLUTION Task 1 · a: b\n// HINT:\nx\n// END SOLUTION\n", "line 2: an empty hint")]
    [InlineData("<!-- BEGIN SOLUTION -->\nx\n// END SOLUTION\n", "line 3: this END SOLUTION does not match the kind")]
    public void MarkersThatDoNotPairUp_AreRefused_NamingTheLine(string teacher, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => StudentEdition.Generate(teacher));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void TheGenerator_KeepsCrLfAndEverythingOutsideTheRegions_AndLeavesTheHintsOut()
    {
        const string teacher = "#r \"../artifacts/x.dll\"\r\nint f()\r\n{\r\n    // BEGIN SOLUTION Task 9 · f: return \"4\"\r\n    // HINT: look up the number four\r\n    // HINT:  the shape: one return\r\n    return 4;\r\n    // END SOLUTION\r\n}\r\n";
        var student = StudentEdition.Generate(teacher);
        Assert.Equal("#r \"../../artifacts/x.dll\"\r\nint f()\r\n{\r\n    // BEGIN SOLUTION Task 9 · f: return \"4\"\r\n    throw Exercise.Todo(\"Task 9 · f: return \\\"4\\\"\");\r\n    // END SOLUTION\r\n}\r\n", student);
        Assert.Equal(teacher, StudentEdition.Restore(student, teacher));
        var region = Assert.Single(SolutionRegions.Find(teacher));
        Assert.Equal(("Task 9 · f", "return \"4\""), (region.Title, region.Goal));
        Assert.Equal(["look up the number four", "the shape: one return"], region.Hints);
        Assert.Equal(["    return 4;\r"], SolutionRegions.Lines(teacher)[region.Answer]);
    }

    /// <summary>
    /// The code itself is never in the student's hands: no line of a teacher's answer is in the student edition, its twin
    /// or the hints (compared without spaces and a closing ;, so that a hint quoting an answer line is caught), and the
    /// teacher's hints reach the student only through the hints file.
    /// </summary>
    [Fact]
    public void NoLineOfTheTeachersAnswers_IsInTheStudentEdition_ItsTwin_OrItsHints()
    {
        static string Squeezed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))).TrimEnd(';');
        var (checkedLines, found) = (0, new List<string>());
        foreach (var teacherPath in WorkbookLayout.Current.TeacherNotebooks())
        {
            var teacher = File.ReadAllText(teacherPath);
            var studentPath = StudentEdition.PathFor(teacherPath);
            var hintsPath = GeneratedNotebooks.HintsPath(teacherPath);
            var handedOut = new[] { studentPath, GeneratedNotebooks.TwinPath(studentPath), hintsPath }.Where(File.Exists)
                .ToDictionary(p => p, p => Squeezed(File.ReadAllText(p).Replace("\\\"", "\"")));
            var regions = SolutionRegions.Find(teacher).Where(r => !r.IsMarkdown).ToList();
            foreach (var region in regions)
            {
                foreach (var line in SolutionRegions.Lines(teacher)[region.Answer].Select(Squeezed).Where(l => l.Length > 3))
                {
                    checkedLines++;
                    found.AddRange(handedOut.Where(f => f.Value.Contains(line, StringComparison.Ordinal))
                        .Select(f => $"{Path.GetFileName(f.Key)} holds the answer line '{line}' of {region.Title}"));
                }
                foreach (var hint in region.Hints)
                    Assert.DoesNotContain(Squeezed(hint), handedOut[studentPath]);
            }
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(checkedLines > 20, $"{checkedLines} answer lines checked");
    }

    /// <summary>The hints file is there exactly when the notebook has exercises, and holds the teacher's goals and hints in order.</summary>
    [Fact]
    public void TheTeachersHints_AreInTheHintsFileBesideTheStudentEdition()
    {
        foreach (var teacherPath in WorkbookLayout.Current.TeacherNotebooks())
        {
            var regions = SolutionRegions.Find(File.ReadAllText(teacherPath)).Where(r => !r.IsMarkdown).ToList();
            var hintsPath = GeneratedNotebooks.HintsPath(teacherPath);
            Assert.Equal(regions.Count > 0, File.Exists(hintsPath));
            if (regions.Count > 0)
                Assert.Equal(regions.Select(r => (r.Title!, r.Goal!, string.Join("|", r.Hints))),
                    HintsFile.Read(hintsPath).Select(e => (e.Title, e.Goal, string.Join("|", e.Hints))));
        }
    }

    /// <summary>A student asks for help in the real kernel: each call shows the next hint for the exercise, as plain text.</summary>
    [Fact]
    public async Task AStudentAsksForHints_InTheKernel_AndGetsThemOneAtATime()
    {
        using var notebooks = new TempNotebooks();
        File.Copy(GeneratedNotebooks.HintsPath(Path.Combine(WorkbookLayout.Current.Notebooks, "04-latent-space.dib")),
            Path.Combine(notebooks.Folder, "04-latent-space" + HintsFile.Extension));
        var path = notebooks.Write("asking.dib",
            $"#r \"{BuildOutput.Binary("Vae", "Vae.dll")}\"\nusing Vae.Checks;",
            "Exercise.Hint(\"decode_grid\");",
            "Exercise.Hint(\"decode_grid\")",
            "Exercise.Hint(\"decode_grid\", 3);",
            "Exercise.Hint(\"grid\");");

        var result = await NotebookRunner.RunAsync(path, QuickSettings.Options());

        string Shown(int cell) => Assert.Single(result.Cells[cell].Outputs).ValueFor("text/plain")!;
        var hints = HintsFile.Read(Path.Combine(notebooks.Folder, "04-latent-space" + HintsFile.Extension))[0].Hints;
        Assert.Equal($"Hint 1 of 3 · Task 4 · decode_grid: {hints[0]}\n(Exercise.Hint(\"decode_grid\") again for hint 2)", Shown(1));
        Assert.StartsWith($"Hint 2 of 3 · Task 4 · decode_grid: {hints[1]}", Shown(2));     // with or without ;, shown once
        Assert.Equal($"Hint 3 of 3 · Task 4 · decode_grid: {hints[2]}\n(that is the last hint; the check after the exercise names what is still wrong)", Shown(3));
        Assert.Equal("no exercise called \"grid\" here; ask for one of: Exercise.Hint(\"decode_grid\"), Exercise.Hint(\"prior samples\")", Shown(4));
    }

    /// <summary>Run All on a student notebook: every cell before the first exercise runs, and the run stops at that exercise's check with its hint.</summary>
    [Theory]
    [InlineData("01-implementation", "✗ encode: not written yet: Task 1 · encode: a batch x (n × 784) in; out the pair (z_mu, z_sigma)", "Exercise.Hint(\"encode\")")]
    [InlineData("02-encoding", "not written yet: Task 2 · encoding: the first n_points test images in", "Exercise.Hint(\"encoding\")")]
    public async Task AStudentNotebook_RunsInTheKernel_AndStopsAtItsFirstExerciseWithItsHint(string name, string hint, string ask)
    {
        var result = await NotebookRunner.RunAsync(StudentPath(name), QuickSettings.Options(runs.Folder));

        var failed = Assert.Single(result.Cells, c => c.Status == CellStatus.Failed);
        var error = $"{failed.Error!.Message}\n{failed.Error.Details}";
        Assert.Contains(hint, error);
        Assert.Contains($"for a hint, run {ask}", error);
        Assert.DoesNotContain("   at ", error);     // the hint alone, no stack trace
        Assert.All(result.Cells.TakeWhile(c => c != failed), c => Assert.Equal(CellStatus.Succeeded, c.Status));
        Assert.All(result.Cells.SkipWhile(c => c != failed).Skip(1).Where(c => !c.Cell.IsMarkdown), c => Assert.Equal(CellStatus.NotRun, c.Status));
    }

    /// <summary>
    /// Run All in Jupyter stops at the first exercise, and the error output there (what a front end shows under the cell)
    /// holds its goal and how to ask for a hint. Judged from the executed notebook, not nbclient's console text, which
    /// Debian 13's nbclient 0.10 words without the error's text.
    /// </summary>
    [Fact]
    public void AStudentNotebook_InJupyter_StopsAtItsFirstExerciseWithItsHint()
    {
        using var kernel = JupyterKernel.Install();
        var folder = TestPaths.TempDirectory("nbclient-student");
        var twin = GeneratedNotebooks.TwinPath(StudentPath("01-implementation"));

        var (result, notebook) = kernel.RunAll(twin, Path.Combine(folder, "01-implementation.ipynb"), runs.Settings, TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == JupyterKernel.StoppedAtAnError, result.ToString());
        var failed = notebook.Cells.Single(c => c.Outputs.Any(o => o.Type == "error"));
        Assert.Equal("Check.encode(new VAE(z_dim: 3, h_dim: 8));", failed.Source);
        var error = failed.Outputs.Single(o => o.Type == "error");
        Assert.StartsWith("✗ encode: not written yet: Task 1 · encode: a batch x (n × 784) in", error.ErrorValue);
        Assert.EndsWith("for a hint, run Exercise.Hint(\"encode\")", error.ErrorValue);
        Assert.True(error.Text.Length == 0 || error.Text.Contains(error.ErrorValue!, StringComparison.Ordinal), error.Text);
        var index = notebook.Cells.ToList().IndexOf(failed);
        Assert.All(notebook.Cells.Take(index), c => Assert.NotNull(c.ExecutionCount));
        Assert.All(notebook.Cells.Skip(index + 1), c => Assert.Null(c.ExecutionCount));   // Run All stopped there
    }
}
