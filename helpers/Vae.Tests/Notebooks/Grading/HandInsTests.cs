using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>Whose a file is, which shard grades it, and who is on the roster. No kernel.</summary>
public sealed class HandInsTests : IDisposable
{
    private static readonly string[] NotebookNames = ["01-implementation", "02-encoding"];

    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private string File(string name) => folder.WriteText(name, "#!csharp\n\n1");

    private static IEnumerable<(string Student, string RelativePath)> Students(IEnumerable<HandIn> handIns) => handIns.Select(h => (h.Student, h.RelativePath));

    [Fact]
    public void AFolderPerStudent_NamesTheStudent_AsNbgradersSubmittedFolderDoes()
    {
        File("handed-in/ada/01-implementation.dib");
        File("handed-in/ada/02-encoding.ipynb");
        File("handed-in/ben/ps1/01-implementation.ipynb");
        File("handed-in/ben/.ipynb_checkpoints/01-implementation-checkpoint.ipynb");   // Jupyter's autosave is no hand-in
        File("handed-in/ben/notes.txt");

        var found = HandIns.Find([Path.Combine(folder.Folder, "handed-in")], NotebookNames);

        Assert.Equal([("ada", "01-implementation.dib"), ("ada", "02-encoding.ipynb"), ("ben", "ps1/01-implementation.ipynb")], Students(found));
    }

    [Fact]
    public void AFlatFolder_NamesTheStudentByFileName_WithOrWithoutTheNotebooksName()
    {
        var files = new[] { File("flat/ada-01-implementation.dib"), File("flat/01-implementation_ben.ipynb"), File("flat/cy.dib"), File("flat/Dan Smith.dib") };

        Assert.Equal([("ada", "ada-01-implementation.dib"), ("ben", "01-implementation_ben.ipynb"), ("cy", "cy.dib"), ("Dan Smith", "Dan Smith.dib")],
            Students(HandIns.Find(files, NotebookNames)));
        // The folder given instead of its files: the same students.
        Assert.Equal(["Dan Smith", "ada", "ben", "cy"], HandIns.Find([Path.Combine(folder.Folder, "flat")], NotebookNames).Select(h => h.Student).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FilesGivenOneByOne_BelongToTheFolderTheyAllLieBelow()
    {
        // As a shell expands handed-in/*/*.dib.
        var ada = File("handed-in/ada/01-implementation.dib");
        var ben = File("handed-in/ben/01-implementation.dib");
        Assert.Equal([("ada", "01-implementation.dib"), ("ben", "01-implementation.dib")], Students(HandIns.Find([ada, ben], NotebookNames)));
        // One student's folder alone: the file is named as the notebook, so the folder names the student.
        Assert.Equal([("ada", "01-implementation.dib")], Students(HandIns.Find([ada], NotebookNames)));
        Assert.Equal([("ada", "01-implementation.dib")], Students(HandIns.Find([Path.GetDirectoryName(ada)!], NotebookNames)));
    }

    [Fact]
    public void WhatNamesNothing_IsRefusedNamingIt()
    {
        var missing = Path.Combine(folder.Folder, "nothing.dib");
        Assert.Equal($"submission not found: {missing}", Assert.Throws<ArgumentException>(() => HandIns.Find([missing], NotebookNames)).Message);
        Directory.CreateDirectory(Path.Combine(folder.Folder, "empty"));
        Assert.Contains("holds no notebook", Assert.Throws<ArgumentException>(() => HandIns.Find([Path.Combine(folder.Folder, "empty")], NotebookNames)).Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shards_TakeWholeStudents_EachInExactlyOneShard(int count)
    {
        var handIns = Enumerable.Range(0, 5).SelectMany(s => NotebookNames.Select(n => new HandIn($"/h/s{s}/{n}.dib", $"s{s}", $"{n}.dib"))).ToList();

        var shards = Enumerable.Range(1, count).Select(k => new Shard(k, count).Take(handIns)).ToList();

        Assert.Equal(handIns.OrderBy(h => h.Path), shards.SelectMany(s => s).OrderBy(h => h.Path));
        foreach (var shard in shards)
            Assert.All(shard.GroupBy(h => h.Student), g => Assert.Equal(NotebookNames.Length, g.Count()));
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= NotebookNames.Length, "shards take the students in turn");
    }

    [Theory]
    [InlineData("1/1", true)]
    [InlineData("3/8", true)]
    [InlineData("0/4", false)]
    [InlineData("5/4", false)]
    [InlineData("2", false)]
    [InlineData("a/b", false)]
    public void AShardIsKOfN(string text, bool valid) => Assert.Equal(valid, Shard.TryParse(text, out _));

    [Fact]
    public void TheRoster_IsReadAsAPlatformExportsIt()
    {
        // Excel in a locale with a decimal comma: a byte order mark and semicolons.
        var path = folder.WriteText("students.csv", "\uFEFFEmail;Full name;Group\r\nada@uni.example;Ada Lovelace;A\r\nben@uni.example;\"Franklin; Ben\";B\r\n;;\r\n");

        var roster = Roster.Load(path);

        Assert.Equal("Email", roster.IdColumn);
        Assert.Equal([new RosterStudent("ada@uni.example", "Ada Lovelace"), new RosterStudent("ben@uni.example", "Franklin; Ben")], roster.Students);
        Assert.Equal("ada@uni.example", roster.Find("ADA@uni.example ")?.Id);
        Assert.Null(roster.Find("cy"));
    }

    [Theory]
    [InlineData("id\nada\nAda\n", "line 3 lists Ada again (first on line 2)")]
    [InlineData("id,name\n", "lists no student")]
    [InlineData("\0\u0001", "is not a CSV file")]
    public void ABrokenRoster_SaysWhatIsWrong(string text, string message)
    {
        var path = folder.WriteText("roster.csv", text);
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => Roster.Load(path)).Message);
    }
}
