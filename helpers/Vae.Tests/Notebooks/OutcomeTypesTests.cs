using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Grading;
using Vae.Notebooks.Running;

namespace Vae.Tests.Notebooks;

/// <summary>Outcomes are types: what a cell, a run and a submission came to is decided by kind, never by the words shown.</summary>
public sealed partial class OutcomeTypesTests
{
    [Fact]
    public void AStoppedCellLeavesItsChecksNotReached_WhateverItsErrorIsCalled()
    {
        using var folder = new TempNotebooks();
        var teacher = TeacherEdition.Load(folder.Write("teacher.dib", "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION", "Check.One(one);"));
        var graded = GradedNotebook.Assemble(NotebookReader.Load(folder.Write("student.dib",
            "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION", "Check.One(one);")), teacher);
        foreach (var (kind, title) in new[] { (CellErrorKind.Stopped, "stopped"), (CellErrorKind.Stopped, "halted"), (CellErrorKind.Exception, "stopped") })
        {
            var cells = graded.Document.Elements.Select((c, i) => new CellResult(c, i + 1, i + 1) { Status = CellStatus.Succeeded }).ToList();
            cells[^1].Status = CellStatus.Failed;
            cells[^1].Error = new CellError(kind, title, "a message", "");
            var run = new NotebookResult("student.dib", graded.Document, cells, new Dictionary<string, string>(), DateTimeOffset.Now, TimeSpan.Zero);
            var check = Assert.Single(GradedCheck.Read(run, graded, seed: 1));
            Assert.Equal(kind == CellErrorKind.Stopped ? CheckStatus.NotReached : CheckStatus.Failed, check.Status);
        }
    }

    [Fact]
    public void EverySubmissionEndHasItsOwnWords()
    {
        var words = Enum.GetValues<SubmissionEnd>().Where(e => e != SubmissionEnd.Refused).Select(e => SubmissionEnds.Describe(e))
            .Concat(Enum.GetValues<NotebookRefusal>().Select(r => SubmissionEnds.Describe(SubmissionEnd.Refused, r))).ToList();
        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.DoesNotContain(words, w => w.Length == 0 || char.IsUpper(w[0]));
    }

    /// <summary>No code of the tooling or the command decides by comparing the words of an error, a run or a submission.</summary>
    [Fact]
    public void NoOutcomeIsComparedAsAString()
    {
        var found = new[] { "Vae.Notebooks", "Vae.Cli" }
            .SelectMany(project => Directory.GetFiles(Path.Combine(Repository.Root, "helpers", project), "*.cs", SearchOption.AllDirectories))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => WordsCompared().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(Repository.Root, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    // A cell error's title or message, a run's interruption or a submission's end, compared with or searched for a literal.
    [GeneratedRegex("""\b(Error\??\.(Title|Message)|Interruption|[Ee]nded)\??\s*(==|!=)\s*(\$?"|[\w.]*Title\b)|\bError\??\.(Title|Message)\??\.(Equals|StartsWith|EndsWith|Contains)\(""")]
    private static partial Regex WordsCompared();
}
