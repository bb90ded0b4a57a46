using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// A course's gradebook made from graded results (as grading leaves them under results/), with no kernel: the rows per
/// student and their points, the class's mistakes ranked, the export, and merging shards.
/// </summary>
public sealed class GradebookTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly NotebookPoints Elbo = new(new Dictionary<string, double> { ["encode"] = 1, ["compute_elbo"] = 3 },
        [new WrittenQuestion("why?", 2)]);

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A graded submission of notebook 01 with these checks; "✓", or a failure's message, or "not reached".</summary>
    internal static SubmissionGrade Graded(string student, string file, string encode, string elbo, string? mistake = null, string answer = "",
        DateTimeOffset? handedIn = null) => new()
    {
        File = $"/handed-in/{student}/{file}", Student = student, RelativePath = file, Against = "01-implementation", End = SubmissionEnd.Completed,
        HandedIn = handedIn ?? Monday, GradedAt = Monday.AddHours(1), Points = Elbo, Duration = TimeSpan.FromSeconds(9.5),
        Checks = [Check("encode", encode), Check("compute_elbo", elbo, mistake)],
        Answers = [new WrittenAnswer("why?", answer.Length > 0 ? AnswerState.Answered : AnswerState.Unanswered, answer)],
        Page = $"submissions/{student}--{Path.GetFileNameWithoutExtension(file)}.html",
    };

    private static GradedCheck Check(string name, string outcome, string? mistake = null) => outcome switch
    {
        "✓" => new GradedCheck(name, CheckStatus.Passed, $"{name} is right"),
        "not reached" => new GradedCheck(name, CheckStatus.NotReached, "an earlier check of its cell failed"),
        _ => new GradedCheck(name, CheckStatus.Failed, outcome, mistake),
    };

    private string Course(string name, params SubmissionGrade[] grades)
    {
        var outDir = Path.Combine(folder.Folder, name);
        foreach (var grade in grades)
            GradeResults.Save(outDir, grade);
        return outDir;
    }

    [Fact]
    public void EachStudentIsOneRow_WithEachNotebooksPointsAndTheTotal_TheRostersIdsAndWhoHandedInNothing()
    {
        var outDir = Course("course",
            Graded("ada", "01-implementation.dib", "✓", "✓", answer: "Because."),
            Graded("Ben", "01-implementation.ipynb", "✓", "pixels averaged: 0.693 instead of 543.43", "elbo.mean-pixels", "Hm."),
            Graded("zed", "01-implementation.dib", "σ and μ swapped", "not reached"),
            new SubmissionGrade { File = "/handed-in/ben/homework.txt", Student = "ben", RelativePath = "homework.txt", End = SubmissionEnd.Refused,
                Refusal = Vae.Notebooks.Documents.NotebookRefusal.WrongFileType });
        File.WriteAllText(Path.Combine(outDir, Roster.FileName), "username,name\nada,Ada Lovelace\nben,Ben Franklin\ncy,Cy Young\n");

        var book = Gradebook.Write(outDir, []);

        // The roster's students in its order (ben's folder "Ben" is the roster's ben), then those it lacks.
        Assert.Equal([
            "username,name,01-implementation,total",
            "ada,Ada Lovelace,4,4",
            "ben,Ben Franklin,1,1",
            "cy,Cy Young,0,0",
            "zed,,0,0",
        ], File.ReadAllLines(Path.Combine(outDir, Gradebook.GradesName)));
        Assert.Equal((4, 4, 2), (book.Students, book.Submissions, book.ToGrade));
        Assert.Equal(["not on the roster: zed (a folder or file named otherwise than the roster's username?)"], book.Problems);
        var detail = File.ReadAllLines(Path.Combine(outDir, Gradebook.CsvName));
        Assert.StartsWith("student,file,against,encode,encode message,compute_elbo,compute_elbo message,passed,checks,points,max points,counts,", detail[0]);
        Assert.Contains(detail, l => l.StartsWith("ben,/handed-in/ben/homework.txt,,", StringComparison.Ordinal) && l.Contains(",wrong file type,", StringComparison.Ordinal));

        // The teacher grades the written answers; the gradebook made again counts them.
        var manual = File.ReadAllText(Path.Combine(outDir, Gradebook.ManualName));
        File.WriteAllText(Path.Combine(outDir, Gradebook.ManualName), manual.Replace("Because.,,", "Because.,2,", StringComparison.Ordinal).Replace("Hm.,,", "Hm.,0.5,Say more.", StringComparison.Ordinal));
        book = Gradebook.Write(outDir, []);
        Assert.Equal(0, book.ToGrade);
        Assert.Equal(["ada,Ada Lovelace,6,6", "ben,Ben Franklin,1.5,1.5"], File.ReadAllLines(Path.Combine(outDir, Gradebook.GradesName))[1..3]);
        var feedback = File.ReadAllText(Path.Combine(outDir, Gradebook.FeedbackFolder, "ben.html"));
        Assert.Contains("Say more.", feedback, StringComparison.Ordinal);
        Assert.Contains("pixels averaged: 0.693 instead of 543.43", feedback, StringComparison.Ordinal);
        Assert.Contains("wrong file type", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Lovelace", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClassAtAGlance_RanksTheMistakesByName_ThenByMessage()
    {
        var outDir = Course("course",
            Graded("a", "n.dib", "✓", "log σ for log σ²: 4.71 instead of 4.39", "kl.log-sigma"),
            Graded("b", "n.dib", "✓", "log σ for log σ²: 5.02 instead of 4.39", "kl.log-sigma"),
            Graded("c", "n.dib", "✓", "pixels averaged: 0.693 instead of 543.43", "elbo.mean-pixels"),
            Graded("d", "n.dib", "✓", "compute_elbo threw: shape mismatch"),
            Graded("e", "n.dib", "✓", "log σ for log σ²: 3.9 instead of 4.39", "kl.log-sigma"),
            Graded("f", "n.dib", "μ is σ", "not reached"),
            Graded("g", "n.dib", "✓", "✓"));
        var course = CourseGrades.Assemble(GradeResults.Load(outDir), null, new Dictionary<string, NotebookPoints>(), ManualGrades.Load(Path.Combine(outDir, "manual.csv")));

        var elbo = ClassSummary.Of(course).Single(c => c.Check == "compute_elbo");

        Assert.Equal((1, 5, 1), (elbo.Passed, elbo.Failed, elbo.NotReached));
        Assert.Equal([("kl.log-sigma", 3), ("compute_elbo threw: shape mismatch", 1), ("elbo.mean-pixels", 1)], elbo.Mistakes.Select(m => (m.Mistake, m.Count)));
        Assert.Equal("compute_elbo: 5 of 7 ✗ — kl.log-sigma 3, compute_elbo threw: shape mismatch 1, elbo.mean-pixels 1; 1 not reached", ClassSummary.Line(elbo));
    }

    [Fact]
    public void OfTwoFilesOfANotebook_TheOneHandedInLastCounts()
    {
        var outDir = Course("course",
            Graded("ada", "01-implementation.dib", "✓", "✓", handedIn: Monday),
            Graded("ada", "01-implementation-late.dib", "✓", "a sign", handedIn: Monday.AddDays(1)));

        Gradebook.Write(outDir, []);

        Assert.Equal("ada,1,1", File.ReadAllLines(Path.Combine(outDir, Gradebook.GradesName))[1]);
        var detail = File.ReadAllLines(Path.Combine(outDir, Gradebook.CsvName));
        Assert.Contains(detail, l => l.Contains("/01-implementation.dib,", StringComparison.Ordinal) && l.Contains(",no: a later file counts,", StringComparison.Ordinal));
        Assert.Contains(detail, l => l.Contains("/01-implementation-late.dib,", StringComparison.Ordinal) && l.Contains(",1,2,1,6,yes,", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDetailQuotesAndDisarmsFormulas()
    {
        var csv = GradebookCsv.Table([new SubmissionGrade
        {
            File = "a,b.dib", End = SubmissionEnd.Completed,
            Checks = [new GradedCheck("Kl", CheckStatus.Failed, "=HYPERLINK(\"x\")")],
        }]).Text();
        Assert.Contains("\"a,b.dib\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void ShardsMergeIntoTheGradebookOfOneRun_AndMergingAgainChangesNothing()
    {
        SubmissionGrade[] all = [Graded("ada", "n.dib", "✓", "✓", answer: "A."), Graded("ben", "n.dib", "✓", "x", "m", "B."), Graded("cy", "n.dib", "x", "not reached")];
        var one = Course("one", all);
        var first = Course("shard-1", all[0], all[2]);
        var second = Course("shard-2", all[1]);
        var merged = Path.Combine(folder.Folder, "merged");
        foreach (var grade in all)
            folder.WriteText(Path.Combine(grade.Student == "ben" ? "shard-2" : "shard-1", grade.Page!), "<html>" + grade.Page);

        Gradebook.Write(one, []);
        Assert.Equal(2, GradeResults.Merge(first, merged));
        Assert.Equal(1, GradeResults.Merge(second, merged));
        Gradebook.Write(merged, []);

        string[] files = [Gradebook.GradesName, Gradebook.CsvName, Gradebook.ManualName, Gradebook.HtmlName, "feedback/ben.html"];
        foreach (var file in files)
            Assert.Equal(File.ReadAllText(Path.Combine(one, file)), File.ReadAllText(Path.Combine(merged, file)));
        Assert.Equal("<html>submissions/ben--n.html", File.ReadAllText(Path.Combine(merged, "submissions", "ben--n.html")));

        // The teacher grades in the merged gradebook; merging the same shards again keeps it all and changes nothing.
        File.WriteAllText(Path.Combine(merged, Gradebook.ManualName), File.ReadAllText(Path.Combine(merged, Gradebook.ManualName)).Replace("A.,,", "A.,2,Well put.", StringComparison.Ordinal));
        Gradebook.Write(merged, []);
        var before = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(merged, f)));
        Assert.Equal(0, GradeResults.Merge(first, merged) + GradeResults.Merge(second, merged));
        Gradebook.Write(merged, []);
        Assert.Equal(before, files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(merged, f))));
        Assert.Equal("ada,6,6", File.ReadAllLines(Path.Combine(merged, Gradebook.GradesName))[1]);
    }
}
