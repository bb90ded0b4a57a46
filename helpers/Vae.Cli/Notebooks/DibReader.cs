using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Cli.Notebooks;

/// <summary>
/// Reads a .dib file with .NET Interactive's own parser (Microsoft.DotNet.Interactive.Documents), so cells split
/// exactly as Polyglot Notebooks splits them. Refuses what is not a notebook, naming the file.
/// </summary>
public static class DibReader
{
    public const string Extension = ".dib";

    // The kernel names (and aliases) the parser knows as cell headers; "#!time" and other magic commands are not
    // among them, so they stay in their cell for the kernel to run.
    private static readonly KernelInfo[] Kernels =
    [
        new("csharp", "C#", ["cs", "c#", "C#"]),
        new("fsharp", "F#", ["fs", "f#", "F#"]),
        new("pwsh", "PowerShell", ["powershell"]),
        new(NotebookCell.MarkdownKernel, "Markdown", ["md"]),
        new("html", "HTML", []),
        new("javascript", "JavaScript", ["js"]),
        new("mermaid", "Mermaid", []),
        new("http", "HTTP", []),
        new("sql", "SQL", []),
        new("kql", "KQL", []),
        new("value", null, []),
    ];

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a .dib file, empty, or without a cell that has content.</exception>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"notebook not found: {path}", path);
        if (!string.Equals(Path.GetExtension(path), Extension, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path} is not a .dib notebook: the runner reads Polyglot Notebooks' .dib files only");
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidDataException($"{path} is empty: a .dib notebook needs a cell, a '#!csharp' or '#!markdown' line followed by its text");
        var document = Parse(text);
        if (document.Cells.Count == 0)
            throw new InvalidDataException($"{path} has no cells: every cell is empty");
        return document;
    }

    /// <summary>The cells of .dib text; blank cells (an empty editor cell) are left out, as they run nothing.</summary>
    public static NotebookDocument Parse(string text)
    {
        var kernels = new KernelInfoCollection { DefaultKernelName = NotebookCell.CSharpKernel };
        kernels.AddRange(Kernels);
        var parsed = CodeSubmission.Parse(text, kernels);
        var cells = parsed.Elements
            .Where(e => !string.IsNullOrWhiteSpace(e.Contents))
            .Select(e => new NotebookCell(e.KernelName ?? NotebookCell.CSharpKernel, e.Contents.Replace("\r\n", "\n")))
            .ToList();
        return new NotebookDocument(cells);
    }
}
