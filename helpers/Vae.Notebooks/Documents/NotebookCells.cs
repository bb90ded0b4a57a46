using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Notebooks.Documents;

/// <summary>
/// What the runner reads of a notebook's cells: .NET Interactive's <see cref="InteractiveDocument"/> elements, as
/// <see cref="DibFormat"/> and <see cref="IpynbFormat"/> leave them (<see cref="Normalized"/>).
/// </summary>
public static class NotebookCells
{
    public const string MarkdownKernel = "markdown";
    public const string CSharpKernel = "csharp";

    /// <summary>
    /// The cells of a document the Documents library parsed (from .dib or .ipynb): blank cells (an empty editor cell) are
    /// left out, as they run nothing; line ends are '\n' whatever the file had; a cell without a kernel is C#.
    /// </summary>
    internal static InteractiveDocument Normalized(InteractiveDocument parsed) => new(
        [.. parsed.Elements
            .Where(e => !string.IsNullOrWhiteSpace(e.Contents))
            .Select(e => new InteractiveDocumentElement(e.Contents.Replace("\r\n", "\n"), e.KernelName ?? CSharpKernel))]);

    extension(InteractiveDocumentElement cell)
    {
        /// <summary>The kernel that runs the cell: its <see cref="InteractiveDocumentElement.KernelName"/>, else the
        /// notebooks' default, C# (the readers fill it in; a cell built in code may leave it out).</summary>
        public string Kernel => cell.KernelName ?? CSharpKernel;

        public bool IsMarkdown => cell.Kernel == MarkdownKernel;

        public bool IsCSharp => cell.Kernel == CSharpKernel;
    }
}
