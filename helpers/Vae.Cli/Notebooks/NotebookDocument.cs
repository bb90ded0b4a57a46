namespace Vae.Cli.Notebooks;

/// <summary>One cell of a notebook: the kernel that runs it ("csharp", "markdown", ...) and its source.</summary>
public sealed record NotebookCell(string Kernel, string Source)
{
    public bool IsMarkdown => Kernel == DibFormat.MarkdownKernel;

    public bool IsCSharp => Kernel == DibFormat.CSharpKernel;
}

/// <summary>
/// A parsed notebook. <see cref="MetadataJson"/> is the JSON after <c>#!meta</c>, kept verbatim so that
/// writing a notebook back does not reorder or reformat what Polyglot Notebooks stored there.
/// </summary>
public sealed record NotebookDocument(string? MetadataJson, IReadOnlyList<NotebookCell> Cells)
{
    public int CodeCellCount => Cells.Count(c => !c.IsMarkdown);

    public int MarkdownCellCount => Cells.Count(c => c.IsMarkdown);

    /// <summary>Structural equality: records compare lists by reference, a round trip needs the cells compared.</summary>
    public bool SameAs(NotebookDocument other) =>
        MetadataJson == other.MetadataJson && Cells.SequenceEqual(other.Cells);
}
