namespace Vae.Cli.Notebooks;

/// <summary>One cell of a notebook: the kernel that runs it ("csharp", "markdown", ...) and its source.</summary>
public sealed record NotebookCell(string Kernel, string Source)
{
    public const string MarkdownKernel = "markdown";
    public const string CSharpKernel = "csharp";

    public bool IsMarkdown => Kernel == MarkdownKernel;

    public bool IsCSharp => Kernel == CSharpKernel;
}

/// <summary>A notebook as the runner and the report need it: its cells in order (read by <see cref="DibReader"/>).</summary>
public sealed record NotebookDocument(IReadOnlyList<NotebookCell> Cells)
{
    public int CodeCellCount => Cells.Count(c => !c.IsMarkdown);

    public int MarkdownCellCount => Cells.Count(c => c.IsMarkdown);
}
