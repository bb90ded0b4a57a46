using Microsoft.DotNet.Interactive.Documents;
using Vae.Checks;
using Vae.Cli.Commands;
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

    [Fact]
    public void ChecksAreMatchedByNameAndMissingOnesGoBackAfterTheirExercise()
    {
        using var folder = new Notebooks.TempNotebooks();
        var teacher = TeacherEdition.Load(folder.Write("teacher.dib",
            "md:# T", "setup();",
            "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION", "Check.One(one);",
            "// BEGIN SOLUTION Two: hint\nvar two = 2;\n// END SOLUTION", "Check.Two(two);\nCheck.TwoAgain(two);"));
        Assert.Equal(["One", "Two"], teacher.Exercises);
        Assert.Equal(["One", "Two", "TwoAgain"], teacher.CheckNames);
        // Reordered: exercise two first, its check edited to "pass" (no longer a check cell), check One moved to the end and
        // edited, and a check of the student's own that calls nothing of the teacher's.
        var submission = new InteractiveDocument([
            Code("setup();"),
            Code("// BEGIN SOLUTION Two: hint\nvar two = 3;\n// END SOLUTION"),
            Code("Console.WriteLine(\"✓ Two passed\");"),
            Code("// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION"),
            Code("Check.Mine(one);"),
            Code("Check.One(1);"),
        ]);

        var graded = GradedNotebook.Assemble(submission, teacher);

        var sources = graded.Document.Elements.Select(c => c.Contents).ToList();
        Assert.Equal([
            "setup();",
            "// BEGIN SOLUTION Two: hint\nvar two = 3;\n// END SOLUTION",
            "global::Vae.Checks.Check.Two(two);\nglobal::Vae.Checks.Check.TwoAgain(two);",
            "Console.WriteLine(\"✓ Two passed\");",
            "// BEGIN SOLUTION One: hint\nvar one = 1;\n// END SOLUTION",
            "global::Vae.Checks.Check.One(one);",
        ], sources);
        Assert.Equal([2, 5], graded.TeacherCells.Keys.Order());
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
