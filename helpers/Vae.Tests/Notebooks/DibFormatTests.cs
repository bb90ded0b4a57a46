using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

public class DibFormatTests
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

        #!markdown

        Between.

        #!csharp

        #!time
        x + 1

        """;

    [Fact]
    public void ParsesCellsAndCountsThem()
    {
        var document = DibFormat.Parse(Canonical);

        Assert.Equal(DibFormat.DefaultMetadataJson, document.MetadataJson);
        Assert.Equal(4, document.Cells.Count);
        Assert.Equal(2, document.MarkdownCellCount);
        Assert.Equal(2, document.CodeCellCount);
        Assert.Equal(new NotebookCell("markdown", "# Title\n\nSome $\\mu$ math."), document.Cells[0]);
        Assert.Equal("#r \"../artifacts/bin/Vae/release/Vae.dll\"\nvar x = 1;", document.Cells[1].Source);
        // A magic command is not a kernel name: it stays in the cell.
        Assert.Equal("#!time\nx + 1", document.Cells[3].Source);
    }

    [Fact]
    public void RoundTripsTextAndDocument()
    {
        var document = DibFormat.Parse(Canonical);
        Assert.Equal(Canonical, DibFormat.Write(document));
        Assert.True(DibFormat.Parse(DibFormat.Write(document)).SameAs(document));
    }

    [Fact]
    public void TrimsBlankLinesAndReadsAliasesAndCrlf()
    {
        var text = "#!meta\r\n\r\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[\"cs\"],\"name\":\"csharp\"}]}}\r\n" +
                   "#!md\r\n\r\n\r\nHello\r\n\r\n\r\n#!cs\r\n  indented();\r\n\r\n#!c#\r\nother();\r\n";
        var document = DibFormat.Parse(text);

        Assert.Equal(3, document.Cells.Count);
        Assert.Equal(new NotebookCell("markdown", "Hello"), document.Cells[0]);
        Assert.Equal(new NotebookCell("csharp", "  indented();"), document.Cells[1]);
        Assert.Equal(new NotebookCell("csharp", "other();"), document.Cells[2]);
    }

    [Fact]
    public void TextBeforeAnyHeaderIsACellOfTheDefaultKernel()
    {
        var document = DibFormat.Parse("var a = 1;\n\n#!markdown\n\ntext\n");

        Assert.Null(document.MetadataJson);
        Assert.Equal([new NotebookCell("csharp", "var a = 1;"), new NotebookCell("markdown", "text")], document.Cells);
        Assert.Equal("#!csharp\n\nvar a = 1;\n\n#!markdown\n\ntext\n", DibFormat.Write(document));
    }
}
