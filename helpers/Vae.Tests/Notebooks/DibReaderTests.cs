using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

/// <summary>.dib files read through .NET Interactive's own parser.</summary>
public class DibReaderTests
{
    // As Polyglot writes it: #!meta and JSON, then each cell header and body followed by one blank line.
    private const string Canonical = """
        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}

        #!markdown

        # Title

        Some $\mu$ math.

        #!csharp

        #r "../artifacts/bin/Vae/release/Vae.dll"
        var x = 1;

        #!csharp

        #!csharp

        #!time
        x + 1

        """;

    [Fact]
    public void ReadsCellsKernelsAndSources()
    {
        var document = DibReader.Parse(Canonical);

        Assert.Equal(
            [
                new NotebookCell("markdown", "# Title\n\nSome $\\mu$ math."),
                new NotebookCell("csharp", "#r \"../artifacts/bin/Vae/release/Vae.dll\"\nvar x = 1;"),
                // A magic command is not a kernel name: it stays in the cell, for the kernel. The empty cell is dropped.
                new NotebookCell("csharp", "#!time\nx + 1"),
            ],
            document.Cells);
        Assert.Equal((1, 2), (document.MarkdownCellCount, document.CodeCellCount));
    }

    [Fact]
    public void ReadsAliasesAndCrlf()
    {
        var document = DibReader.Parse("#!md\r\n\r\nHello\r\n\r\n#!cs\r\n  indented();\r\n\r\n#!fsharp\r\n1 + 1\r\n");

        Assert.Equal([new NotebookCell("markdown", "Hello"), new NotebookCell("csharp", "  indented();"), new NotebookCell("fsharp", "1 + 1")],
            document.Cells);
    }

    [Fact]
    public void TheWorkbookNotebooksHaveTheirCells()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.dib"))
        {
            var document = DibReader.Load(path);
            Assert.True(document.CodeCellCount >= 4 && document.MarkdownCellCount >= 4, path);
            Assert.All(document.Cells, c => Assert.Contains(c.Kernel, new[] { "csharp", "markdown" }));
        }
    }
}
