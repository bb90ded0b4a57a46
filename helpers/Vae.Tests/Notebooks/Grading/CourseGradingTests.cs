using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// A small course graded for real by `vae notebooks grade` in the real kernel (notebook 1's compute_elbo and its real check,
/// so each notebook takes seconds): students in folders and a roster; the same class in two shards merged into one
/// gradebook; the teacher's manual grades; a late submission graded into the merged gradebook; the shards merged again.
/// Unsealed, one at a time: what is tested here is the course, not the sandbox (HostileSubmissionTests seals).
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class CourseGradingTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private string Notebook(string path, string body, string answer) => folder.Write(path, "md:# The ELBO", ElboExercise.SetupCell,
        ElboExercise.Exercise(body), ElboExercise.CheckCell + "   // points: 2",
        $"md:## Research question: why the ELBO?\n\n<!-- BEGIN SOLUTION -->\n{answer}\n<!-- END SOLUTION -->");

    private ChildProcess.Result Vae(params string[] arguments)
    {
        var result = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", .. arguments], timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private string Read(string gradebook, string file) => File.ReadAllText(Path.Combine(folder.Folder, gradebook, file));

    // The detail without what differs from run to run: the time, the memory, leftovers, and the checks' messages (each grading
    // draws its checks' inputs from a seed of its own, so a wrong answer's numbers differ).
    private List<string> Detail(string gradebook)
    {
        var table = CsvTable.Read(Path.Combine(folder.Folder, gradebook, Gradebook.CsvName));
        var kept = table.Header.Select((h, i) => (h, i))
            .Where(c => c.h is not ("seconds" or "peak memory MB" or "leftover processes") && !c.h.EndsWith(" message", StringComparison.Ordinal))
            .Select(c => c.i).ToList();
        return [.. table.Rows.Prepend(table.Header).Select(r => string.Join('|', kept.Select(i => CsvTable.Field(r, i))))];
    }

    [Fact]
    public void TwoShardsMergeIntoTheGradebookOfOneRun_AndNothingTheTeacherTypedIsLost()
    {
        var teacher = Notebook("teacher/01-elbo.dib", ElboExercise.Right, "Because.");
        Notebook("handed-in/ada/01-elbo.dib", ElboExercise.Right, "Sums count things.");
        Notebook("handed-in/ben/01-elbo.dib", ElboExercise.Wrong, "No idea.");
        File.Copy(Path.Combine(folder.Folder, "teacher", "01-elbo.dib"), Path.Combine(folder.Folder, "handed-in", "cy.dib"));   // cy: a flat file, answer as the teacher's
        var roster = folder.WriteText("students.csv", "username,name\nada,Ada\nben,Ben\ncy,Cy\ndan,Dan\n");
        var handedIn = Path.Combine(folder.Folder, "handed-in");
        string[] common = ["--against", teacher, "--roster", roster, "--jobs", "1", "--no-sandbox", "--timeout", "60"];

        var whole = Vae(["grade", handedIn, "--out", Path.Combine(folder.Folder, "one"), .. common]);
        Vae(["grade", handedIn, "--shard", "1/2", "--out", Path.Combine(folder.Folder, "s1"), .. common]);
        Vae(["grade", handedIn, "--shard", "2/2", "--out", Path.Combine(folder.Folder, "s2"), .. common]);
        var merge = Vae(["gradebook", "--out", Path.Combine(folder.Folder, "merged"), Path.Combine(folder.Folder, "s1"), Path.Combine(folder.Folder, "s2"),
            "--against", teacher, "--roster", roster]);

        // One row per student, dan who handed in nothing too; the check is worth 2, the answers wait for the teacher.
        Assert.Equal("username,name,01-elbo,total\nada,Ada,2,2\nben,Ben,0,0\ncy,Cy,2,2\ndan,Dan,0,0\n", Read("one", Gradebook.GradesName).Replace("\r", ""));
        Assert.Contains("3 written answers to grade", whole.Output, StringComparison.Ordinal);
        Assert.Contains("[teacher] 01-elbo: completed, 1 of 1 checks passed", whole.Output, StringComparison.Ordinal);
        Assert.Equal(Read("one", Gradebook.GradesName), Read("merged", Gradebook.GradesName));
        Assert.Equal(Read("one", Gradebook.ManualName), Read("merged", Gradebook.ManualName));
        Assert.Equal(Detail("one"), Detail("merged"));
        Assert.Contains("2 results merged in", merge.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Folder, "merged", "submissions", "ben--01-elbo.html")));
        Assert.False(File.Exists(Path.Combine(folder.Folder, "s1", Gradebook.HtmlName)), "a shard makes no gradebook of its own");

        // The teacher grades the answers in the merged gradebook, and adds a column of their own.
        var manual = Path.Combine(folder.Folder, "merged", Gradebook.ManualName);
        File.WriteAllText(manual, File.ReadAllText(manual)
            .Replace("comment,note", "comment,note,seen", StringComparison.Ordinal)
            .Replace("Sums count things.,,,", "Sums count things.,1,Good.,,yes", StringComparison.Ordinal)
            .Replace("No idea.,,,", "No idea.,0.5,\"Think of a, b.\",,yes", StringComparison.Ordinal));
        Vae("gradebook", "--out", Path.Combine(folder.Folder, "merged"), "--against", teacher);
        Assert.Equal("ada,Ada,3,3\nben,Ben,0.5,0.5\n", string.Join('\n', Read("merged", Gradebook.GradesName).Replace("\r", "").Split('\n')[1..3]) + "\n");

        // Ben hands in late, fixed, with a new answer: graded into the same gradebook.
        Notebook("late/ben/01-elbo.dib", ElboExercise.Right, "To count apples.");
        Vae(["grade", Path.Combine(folder.Folder, "late"), "--out", Path.Combine(folder.Folder, "merged"), .. common[..2], "--jobs", "1", "--no-sandbox"]);
        var afterLate = Read("merged", Gradebook.GradesName);
        Assert.Equal("ada,Ada,3,3\nben,Ben,2.5,2.5\ncy,Cy,2,2\ndan,Dan,0,0\n", string.Join('\n', afterLate.Replace("\r", "").Split('\n')[1..5]) + "\n");
        var rows = CsvTable.Read(manual);
        Assert.Equal(["student", "notebook", "question", "max points", "answer", "points", "comment", "note", "seen"], rows.Header);
        Assert.Equal(["ada", "01-elbo", "why the ELBO?", "1", "Sums count things.", "1", "Good.", "", "yes"], rows.Rows[0]);
        Assert.Equal(["ben", "01-elbo", "why the ELBO?", "1", "To count apples.", "0.5", "Think of a, b.", ManualGrades.ChangedNote, "yes"], rows.Rows[1]);

        // The shards merged again: ben's late grading stays, and so does everything else.
        var manualBefore = File.ReadAllText(manual);
        Vae("gradebook", "--out", Path.Combine(folder.Folder, "merged"), Path.Combine(folder.Folder, "s1"), Path.Combine(folder.Folder, "s2"), "--against", teacher);
        Assert.Equal(afterLate, Read("merged", Gradebook.GradesName));
        Assert.Equal(manualBefore, File.ReadAllText(manual));
    }

    [Fact]
    public void TheRunsTheTeachersNotebookTrains_AreLoadedByEachSubmission_ReadOnly()
    {
        // A notebook that opens a trained model, as notebooks 2-4 do; sealed, as the class is graded.
        var helper = Path.Combine(Repository.Root, "artifacts", "bin", "Vae", "release", "Vae.dll");
        string[] cells = ["md:# Opening the lecture's model", $"#r \"{helper}\"\nusing Vae;\nvar vae = Workbook.LoadOrTrain(\"lecture\", Workbook.LectureConfig());"];
        string Region(string code) => $"// BEGIN SOLUTION Task 2 · the model: look at it\n{code}\n// END SOLUTION";
        var teacher = folder.Write("teacher/02-opening.dib", [.. cells, Region("display(vae.z_dim);")]);
        folder.Write("handed-in/ada/02-opening.dib", [.. cells, Region(
            "System.IO.File.WriteAllText(System.IO.Path.Combine(Environment.GetEnvironmentVariable(\"VAE_REFERENCE_RUNS\")!, \"lecture\", \"checkpoint.json\"), \"{}\");")]);
        var output = Path.Combine(folder.Folder, "grades");

        var result = Vae("grade", Path.Combine(folder.Folder, "handed-in"), "--against", teacher, "--out", output, "--subset", "256");

        Assert.Contains("[teacher] 02-opening: completed", result.Output, StringComparison.Ordinal);
        var run = File.ReadAllText(Path.Combine(output, "submissions", "ada--02-opening.ipynb"));
        Assert.Contains($"from {Path.Combine(output, ReferenceRuns.Folder, "lecture")} (epoch 1", run, StringComparison.Ordinal);
        Assert.DoesNotContain("Training MLP", run, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", run, StringComparison.Ordinal);
        // Graded again into the same gradebook (a late submission), the teacher's runs are there already.
        Assert.DoesNotContain("[teacher]", Vae("grade", Path.Combine(folder.Folder, "handed-in"), "--against", teacher, "--out", output, "--subset", "256").Output,
            StringComparison.Ordinal);
    }
}
