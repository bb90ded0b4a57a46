using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>manual.csv across gradings: nothing a teacher typed is ever lost. No kernel.</summary>
public sealed class ManualGradesTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private string ManualPath => Path.Combine(folder.Folder, ManualGrades.FileName);

    private static AnswerToGrade Answer(string student, string question, string text, int order = 0) =>
        new(student, "02-encoding", question, order, 2, new WrittenAnswer(question, text.Length > 0 ? AnswerState.Answered : AnswerState.Unanswered, text));

    private void Grade(params AnswerToGrade[] answers)
    {
        var manual = ManualGrades.Load(ManualPath);
        manual.Update(answers);
        manual.Save();
    }

    [Fact]
    public void TheGraderWritesARowPerAnswer_WithThePointsAndCommentEmpty()
    {
        Grade(Answer("ben", "who are they?", "Ones are thin."), Answer("ada", "who are they?", "Clusters, by digit."), Answer("ada", "omit the KL term?", "", 1));

        var table = CsvTable.Read(ManualPath);
        Assert.Equal(["student", "notebook", "question", "max points", "answer", "points", "comment", "note"], table.Header);
        Assert.Equal([
            ["ada", "02-encoding", "who are they?", "2", "Clusters, by digit.", "", "", ""],
            ["ben", "02-encoding", "who are they?", "2", "Ones are thin.", "", "", ""],
            ["ada", "02-encoding", "omit the KL term?", "2", "(not answered)", "", "", ""],
        ], table.Rows);
        Assert.Equal(0xEF, File.ReadAllBytes(ManualPath)[0]);   // a byte order mark, for Excel
    }

    [Fact]
    public void EverythingATeacherTyped_SurvivesGradingAgain_AsTheirSpreadsheetSavedIt()
    {
        Grade(Answer("ada", "who are they?", "Clusters, by digit."), Answer("ben", "who are they?", "Ones are thin."), Answer("cy", "who are they?", "No idea."));
        // The teacher grades in a spreadsheet that saves with semicolons, moves the comment column, adds a column of their own,
        // writes a comment with a line break, quotes and a leading '=' and '-', sorts by student descending, and keeps a row
        // for a student who has since left the course.
        var typed = "\uFEFFstudent;comment;notebook;question;max points;answer;points;note;checked by\r\n" +
                    "cy;\"=see me\";02-encoding;who are they?;2;No idea.;0;;TA\r\n" +
                    "ben;\"- thin, yes;\r\nand \"\"round\"\"\";02-encoding;who are they?;2;Ones are thin.;1,5;;TA\r\n" +
                    "ada;Good.;02-encoding;who are they?;2;Clusters, by digit.;2;;me\r\n" +
                    "zoe;Left the course.;02-encoding;who are they?;2;Gone.;1;;me\r\n";
        File.WriteAllText(ManualPath, typed);

        // Graded again: ben handed in a new answer, and a new question came (a later notebook version).
        Grade(Answer("ada", "who are they?", "Clusters, by digit."), Answer("ben", "who are they?", "Ones are thin, sevens are not."),
            Answer("cy", "who are they?", "No idea."), Answer("ada", "omit the KL term?", "They spread out.", 1));
        var manual = ManualGrades.Load(ManualPath);

        Assert.Equal(new ManualGrade(2, "Good."), manual.Find("ada", "02-encoding", "who are they?"));
        Assert.Equal(new ManualGrade(1.5, "- thin, yes;\r\nand \"round\""), manual.Find("ben", "02-encoding", "who are they?"));
        Assert.Equal(new ManualGrade(0, "=see me"), manual.Find("cy", "02-encoding", "who are they?"));
        Assert.Equal(new ManualGrade(1, "Left the course."), manual.Find("zoe", "02-encoding", "who are they?"));
        Assert.Equal(new ManualGrade(null, ""), manual.Find("ada", "02-encoding", "omit the KL term?"));
        var table = CsvTable.Read(ManualPath);
        Assert.Equal(["student", "comment", "notebook", "question", "max points", "answer", "points", "note", "checked by"], table.Header);
        string[] Row(string student, string question) => [.. table.Rows.Single(r => r[0] == student && r[3] == question)];
        Assert.Equal(["ben", "- thin, yes;\r\nand \"round\"", "02-encoding", "who are they?", "2", "Ones are thin, sevens are not.", "1,5", ManualGrades.ChangedNote, "TA"],
            Row("ben", "who are they?"));
        Assert.Equal(["cy", "=see me", "02-encoding", "who are they?", "2", "No idea.", "0", "", "TA"], Row("cy", "who are they?"));
        Assert.Equal(["zoe", "Left the course.", "02-encoding", "who are they?", "2", "Gone.", "1", "", "me"], Row("zoe", "who are they?"));
        // Its formulas stay disarmed in the file.
        Assert.Contains("\"'=see me\"", File.ReadAllText(ManualPath), StringComparison.Ordinal);

        // Grading once more with nothing new leaves the file exactly as it is.
        var before = File.ReadAllBytes(ManualPath);
        Grade(Answer("ada", "who are they?", "Clusters, by digit."), Answer("ben", "who are they?", "Ones are thin, sevens are not."),
            Answer("cy", "who are they?", "No idea."), Answer("ada", "omit the KL term?", "They spread out.", 1));
        Assert.Equal(before, File.ReadAllBytes(ManualPath));
    }

    [Fact]
    public void PointsThatAreNoNumber_DoNotCount_AndAreNamed()
    {
        Grade(Answer("ada", "who are they?", "Clusters."), Answer("ben", "who are they?", "Thin ones."));
        File.WriteAllText(ManualPath, File.ReadAllText(ManualPath).Replace("Clusters.,,", "Clusters.,two,", StringComparison.Ordinal)
            .Replace("Thin ones.,,", "Thin ones.,-1,", StringComparison.Ordinal));

        var manual = ManualGrades.Load(ManualPath);
        manual.Update([]);

        Assert.Null(manual.Find("ada", "02-encoding", "who are they?")!.Points);
        Assert.Equal(["manual.csv line 2 (ada, who are they?): 'two' is not a number of points: write e.g. 1 or 0.5 (it counts as not graded yet)",
            "manual.csv line 3 (ben, who are they?): '-1' is not a number of points: write e.g. 1 or 0.5 (it counts as not graded yet)"], manual.Problems());
    }

    [Theory]
    [InlineData("name,points\nada,1\n", "has no 'student' column")]
    [InlineData("PK\u0003\u0004\0\0binary", "is not a CSV file")]
    public void AFileThatIsNotManualCsv_IsRefused_AndLeftAsItIs(string text, string message)
    {
        File.WriteAllText(ManualPath, text);

        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => ManualGrades.Load(ManualPath)).Message);
        Assert.Equal(text, File.ReadAllText(ManualPath));
    }
}
