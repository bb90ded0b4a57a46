using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;
using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>What a teacher notebook's parts are worth, and the written answers a submission holds. No kernel.</summary>
public sealed class WrittenAnswersTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    // A teacher notebook with two checks (one worth 3) and two research questions (the second worth 2).
    private static readonly string[] Teacher =
    [
        "md:# Adding",
        "int add(int a, int b)\n{\n    // BEGIN SOLUTION Add: return the sum\n    return a + b;\n    // END SOLUTION\n}",
        "Check.Add(add);\nCheck.Commutes(add);   // points: 3",
        "md:## Research question: why add?\n\nThink about it.",
        "md:<!-- BEGIN SOLUTION -->\nBecause sums are useful.\n<!-- END SOLUTION -->",
        "md:## Research question: and subtract?\n\n<!-- points: 2 -->\n<!-- BEGIN SOLUTION -->\nThe sum of a and −b.\n<!-- END SOLUTION -->",
    ];

    private NotebookPoints Points() => NotebookPoints.Read(NotebookReader.Load(folder.Write("teacher.dib", Teacher)), ["Add", "Commutes"]);

    [Fact]
    public void ChecksAndAnswersAreWorthWhatTheTeacherEditionSays_OneEachOtherwise()
    {
        var points = Points();

        Assert.Equal(new Dictionary<string, double> { ["Add"] = 1, ["Commutes"] = 3 }, points.Checks);
        Assert.Equal([new WrittenQuestion("why add?", 1), new WrittenQuestion("and subtract?", 2)], points.Questions);
        Assert.Equal(7, points.Max);
        Assert.Equal(1, points.Of("a check the edition no longer has"));
    }

    [Fact]
    public void TheStudentEditionsAnswer_IsReadAsNotAnswered_AndAWrittenOneAsWritten()
    {
        var teacherText = File.ReadAllText(folder.Write("teacher.dib", Teacher));
        var student = StudentEdition.Generate(teacherText);
        var written = student.Replace("*Your answer", "Because the lecture says so.\n\n*Your answer", StringComparison.Ordinal);
        Assert.NotEqual(student, written);

        Assert.Equal([AnswerState.Unanswered, AnswerState.Unanswered],
            WrittenAnswers.Read(NotebookReader.Load(folder.WriteText("blank.dib", student)), Points().Questions).Select(a => a.State));
        var answers = WrittenAnswers.Read(NotebookReader.Load(folder.WriteText("written.dib", written)), Points().Questions);
        Assert.Equal(AnswerState.Answered, answers[0].State);
        Assert.StartsWith("Because the lecture says so.", answers[0].Text, StringComparison.Ordinal);
        Assert.Equal(["why add?", "and subtract?"], answers.Select(a => a.Question));
    }

    [Fact]
    public void AnAnswerIsFoundByItsQuestion_ThenByItsPlace_AndIsMissingWhereItsMarkersAreGone()
    {
        var reordered = folder.Write("reordered.dib", Teacher[0], Teacher[5], Teacher[3], Teacher[4]);
        var renamed = folder.Write("renamed.dib", [.. Teacher[..3], "md:## Why would one add?", Teacher[4], Teacher[5]]);
        var broken = folder.Write("broken.dib", [.. Teacher[..5], "md:## Research question: and subtract?\n\nThe sum of a and −b.\n<!-- END SOLUTION -->"]);

        Assert.Equal(["Because sums are useful.", "The sum of a and −b."], WrittenAnswers.Read(NotebookReader.Load(reordered), Points().Questions).Select(a => a.Text));
        Assert.Equal("Because sums are useful.", WrittenAnswers.Read(NotebookReader.Load(renamed), Points().Questions)[0].Text);
        Assert.Equal([AnswerState.Answered, AnswerState.Missing], WrittenAnswers.Read(NotebookReader.Load(broken), Points().Questions).Select(a => a.State));
    }
}
