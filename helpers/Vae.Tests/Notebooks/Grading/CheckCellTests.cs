using Microsoft.DotNet.Interactive.Documents;
using Vae.Checks;
using Vae.Cli.Commands;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;
using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>How the grader finds check cells and exercise regions, and builds the notebook it runs. No kernel.</summary>
public sealed class CheckCellTests
{
    private static InteractiveDocumentElement Code(string source) => new(source, NotebookCells.CSharpKernel);

    [Theory]
    [InlineData("Check.Kl(kl);", new[] { "Kl" })]
    [InlineData("// the KL term\nCheck.Kl(kl);\nCheck.Elbo(x => compute_elbo(x, \"a ) b\", ')'),\n    tolerance: 1e-4);\n", new[] { "Kl", "Elbo" })]
    [InlineData("Check.A(f) /* both */ ; Vae.Checks.Check.B(g)", new[] { "A", "B" })]
    [InlineData("global::Vae.Checks.Check.Tiles(grid);", new[] { "Tiles" })]
    public void ReadsTheChecksACellCalls(string source, string[] names) =>
        Assert.Equal(names, CheckCell.Names(Code(source)));

    [Theory]
    [InlineData("Check.Kl(kl); Console.WriteLine(\"✓\");")]
    [InlineData("var passed = true; Check.Kl(kl);")]
    [InlineData("Check.Kl(kl).ToString();")]
    [InlineData("Check.Kl(kl")]
    [InlineData("// Check.Kl(kl);")]
    [InlineData("")]
    public void ACellThatDoesMoreIsNotACheckCell(string source) => Assert.Null(CheckCell.Names(Code(source)));

    [Fact]
    public void TheTeachersCallsNameTheHelpersClassSoAStudentsCheckClassCannotShadowIt()
    {
        var cell = CheckCell.Qualified(Code("Check.Kl(kl); Check.Elbo(\"Check.X\");"));
        Assert.Equal("global::Vae.Checks.Check.Kl(kl); global::Vae.Checks.Check.Elbo(\"Check.X\");", cell!.Contents);
    }

    [Fact]
    public void RegionTitlesAreTheTextBeforeTheHintsColon()
    {
        var cell = Code("Tensor kl(Tensor mu)\n{\n    // BEGIN SOLUTION KL term: ½ Σ (μ² + σ² − log σ² − 1)\n    throw new NotImplementedException();\n" +
                        "    // END SOLUTION\n}\n  // BEGIN SOLUTION Reparameterize\n  // END SOLUTION");
        Assert.Equal(["KL term", "Reparameterize"], SolutionRegions.Titles(cell));
    }

    /// <summary>
    /// nbgrader's rule: the graded notebook is the teacher's, and of a submission only its regions are taken (by the exercise's
    /// title, wherever the student moved them): its own cells, edited check cells and changed set-up never run.
    /// </summary>
    [Fact]
    public void TheGradedNotebook_IsTheTeachersWithOnlyTheSubmissionsRegions()
    {
        using var folder = new Notebooks.TempNotebooks();
        var teacher = TeacherEdition.Load(folder.Write("teacher.dib",
            "md:# T", "setup();",
            "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION", "Check.One(one);",
            "// BEGIN SOLUTION Two: hint\nvar two = 2;\n// END SOLUTION", "Check.Two(two);\nCheck.TwoAgain(two);",
            "md:Why?\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->"));
        Assert.Equal(["One", "Two"], teacher.Exercises);
        Assert.Equal(["One", "Two", "TwoAgain"], teacher.CheckNames);
        // Reordered: exercise two first, its check edited to "pass", the set-up changed, a check class of its own, and the
        // answer to the question.
        var submission = new InteractiveDocument([
            Code("setup(cheat: true);"),
            Code("// BEGIN SOLUTION Two: hint\nvar two = 3;\n// END SOLUTION"),
            Code("Console.WriteLine(\"✓ Two passed\");"),
            Code("static class Check { public static void One(int x) { } }\n// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION"),
            Code("Check.One(1);"),
            new InteractiveDocumentElement("Why?\n<!-- BEGIN SOLUTION -->\nIt is so.\n<!-- END SOLUTION -->", NotebookCells.MarkdownKernel),
        ]);

        var graded = GradedNotebook.Assemble(submission, teacher);

        Assert.Equal([
            "# T",
            "setup();",
            "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION",
            "global::Vae.Checks.Check.One(one);",
            "// BEGIN SOLUTION Two: hint\nvar two = 3;\n// END SOLUTION",
            "global::Vae.Checks.Check.Two(two);\nglobal::Vae.Checks.Check.TwoAgain(two);",
            "Why?\n<!-- BEGIN SOLUTION -->\nIt is so.\n<!-- END SOLUTION -->",
        ], graded.Document.Elements.Select(c => c.Contents));
        Assert.Equal([3, 5], graded.TeacherCells.Select(c => c.Index));
        Assert.Empty(graded.Flags);
    }

    [Fact]
    public void ARegionWhoseMarkersAreGone_KeepsItsStub_AndIsFlagged_AsIsCodeThatCallsTheReference()
    {
        using var folder = new Notebooks.TempNotebooks();
        var teacher = TeacherEdition.Load(folder.Write("teacher.dib",
            "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION", "Check.One(one);",
            "// BEGIN SOLUTION Two: hint\nvar two = 2;\n// END SOLUTION", "Check.Two(two);"));
        var submission = new InteractiveDocument([
            Code("var one = 1;   // the markers deleted"),
            Code("// BEGIN SOLUTION Two: hint\nvar two = (int)Elbo.kl_divergence(z).item<float>();   // Check.Two would pass\n" +
                 "typeof(Vae.Checks.Check).GetMethod(\"Run\");\n// END SOLUTION"),
        ]);

        var graded = GradedNotebook.Assemble(submission, teacher);

        Assert.Equal("// BEGIN SOLUTION One: hint\nthrow Exercise.Todo(\"One: hint\");\n// END SOLUTION", graded.Document.Elements[0].Contents);
        Assert.Equal([
            new SubmissionFlag(SubmissionFlagKind.MarkersBroken, "One"),
            new SubmissionFlag(SubmissionFlagKind.CallsReference, "Two", "Elbo, Check"),
            new SubmissionFlag(SubmissionFlagKind.ReachesOutside, "Two", "GetMethod"),
        ], graded.Flags);
    }

    /// <summary>The teacher's own answers call nothing a flag names.</summary>
    [Fact]
    public void TheTeachersAnswers_RaiseNoFlag()
    {
        foreach (var path in WorkbookLayout.Current.TeacherNotebooks())
        {
            var teacher = TeacherEdition.Load(path);
            var graded = GradedNotebook.Assemble(NotebookReader.Load(path), teacher);
            Assert.True(graded.Flags.Count == 0, $"{Path.GetFileName(path)}: {string.Join("; ", graded.Flags)}");
        }
    }

    [Fact]
    public void ASubmissionIsMatchedToTheEditionItsExercisesComeFrom()
    {
        using var folder = new Notebooks.TempNotebooks();
        var first = TeacherEdition.Load(folder.Write("01-a.dib", "// BEGIN SOLUTION Encoder: h\n// END SOLUTION", "Check.Encoder(e);"));
        var second = TeacherEdition.Load(folder.Write("02-b.dib", "// BEGIN SOLUTION Tiles: h\n// END SOLUTION", "Check.Tiles(t);"));
        var renamed = new InteractiveDocument([Code("// BEGIN SOLUTION Tiles: h\nx\n// END SOLUTION")]);

        Assert.Same(second, TeacherEdition.Match(renamed, "homework-final.dib", [first, second]));
        Assert.Same(first, TeacherEdition.Match(new InteractiveDocument([Code("x")]), "01-a.ipynb", [first, second]));
        Assert.Null(TeacherEdition.Match(new InteractiveDocument([Code("x")]), "other.dib", [first, second]));
    }

    [Theory]
    [InlineData("4G", 4L << 30)]
    [InlineData("300M", 300L << 20)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("1000", 1000L)]
    public void MemorySizesReadAsPeopleWriteThem(string text, long bytes)
    {
        Assert.True(GradeCommand.TryParseBytes(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }
}
