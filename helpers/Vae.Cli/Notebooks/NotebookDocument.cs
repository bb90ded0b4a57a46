namespace Vae.Cli.Notebooks;

/// <summary>One cell of a notebook: the kernel that runs it ("csharp", "markdown", ...) and its source.</summary>
public sealed record NotebookCell(string Kernel, string Source)
{
    public const string MarkdownKernel = "markdown";
    public const string CSharpKernel = "csharp";

    public bool IsMarkdown => Kernel == MarkdownKernel;

    public bool IsCSharp => Kernel == CSharpKernel;
}

/// <summary>A notebook as the runner and the report need it: its cells in order (read by <see cref="DibReader"/> and <see cref="IpynbReader"/>).</summary>
public sealed record NotebookDocument(IReadOnlyList<NotebookCell> Cells)
{
    /// <summary>
    /// The cells of a document .NET Interactive's Documents library parsed (from .dib or .ipynb); blank cells (an empty
    /// editor cell) are left out, as they run nothing, and line ends are '\n' whatever the file had.
    /// </summary>
    public static NotebookDocument From(Microsoft.DotNet.Interactive.Documents.InteractiveDocument parsed) => new(
        [.. parsed.Elements
            .Where(e => !string.IsNullOrWhiteSpace(e.Contents))
            .Select(e => new NotebookCell(e.KernelName ?? NotebookCell.CSharpKernel, e.Contents.Replace("\r\n", "\n")))]);

    public int CodeCellCount => Cells.Count(c => !c.IsMarkdown);

    public int MarkdownCellCount => Cells.Count(c => c.IsMarkdown);
}
