using Microsoft.DotNet.Interactive.Documents;
using Vae.Core;
using Vae.Notebooks.Documents;

namespace Vae.Tests.Notebooks.Documents;

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
        var document = DibFormat.Parse(Canonical);

        Assert.Equal(
            [
                ("markdown", "# Title\n\nSome $\\mu$ math."),
                ("csharp", "#r \"../artifacts/bin/Vae/release/Vae.dll\"\nvar x = 1;"),
                // A magic command is not a kernel name: it stays in the cell, for the kernel. The empty cell is dropped.
                ("csharp", "#!time\nx + 1"),
            ],
            Cells(document));
        Assert.Equal((1, 2), (document.Elements.Count(c => c.IsMarkdown), document.Elements.Count(c => !c.IsMarkdown)));
    }

    [Fact]
    public void ReadsAliasesAndCrlf()
    {
        var document = DibFormat.Parse("#!md\r\n\r\nHello\r\n\r\n#!cs\r\n  indented();\r\n\r\n#!fsharp\r\n1 + 1\r\n");

        Assert.Equal([("markdown", "Hello"), ("csharp", "  indented();"), ("fsharp", "1 + 1")], Cells(document));
    }

    [Fact]
    public void TheWorkbookNotebooksHaveTheirCells()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.dib"))
        {
            var document = NotebookReader.Load(path);
            Assert.True(document.Elements.Count(c => !c.IsMarkdown) >= 4 && document.Elements.Count(c => c.IsMarkdown) >= 4, path);
            Assert.All(document.Elements, c => Assert.Contains(c.KernelName, new[] { "csharp", "markdown" }));
        }
    }

    /// <summary>A document's cells as kernel and text: the library's elements have no value equality.</summary>
    internal static IEnumerable<(string? Kernel, string Contents)> Cells(InteractiveDocument document) =>
        document.Elements.Select(c => (c.KernelName, c.Contents));
}
