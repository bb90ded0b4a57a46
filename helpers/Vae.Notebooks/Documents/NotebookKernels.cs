using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Notebooks.Documents;

/// <summary>The kernel names (and aliases) .NET Interactive knows as cell headers, shared by the .dib and .ipynb readers and the writer.</summary>
internal static class NotebookKernels
{
    // "#!time" and other magic commands are not among them, so they stay in their cell for the kernel to run.
    private static readonly KernelInfo[] Known =
    [
        new(NotebookCells.CSharpKernel, "C#", ["cs", "c#", "C#"]),
        new("fsharp", "F#", ["fs", "f#", "F#"]),
        new("pwsh", "PowerShell", ["powershell"]),
        new(NotebookCells.MarkdownKernel, "Markdown", ["md"]),
        new("html", "HTML", []),
        new("javascript", "JavaScript", ["js"]),
        new("mermaid", "Mermaid", []),
        new("http", "HTTP", []),
        new("sql", "SQL", []),
        new("kql", "KQL", []),
        new("value", null, []),
    ];

    /// <summary>The kernels whose cells run headless; the others (javascript, html, mermaid, ...) need a notebook front end.</summary>
    public static readonly IReadOnlyList<string> Runnable = [NotebookCells.CSharpKernel, "fsharp", "pwsh"];

    /// <summary>True for a cell kernel the headless runner runs.</summary>
    public static bool Runs(string name) => Runnable.Contains(name);

    /// <summary>True for a kernel name .NET Interactive has (a cell the headless runner runs or shows as skipped).</summary>
    public static bool IsKnown(string name) => Known.Any(k => k.Name == name);

    /// <summary>True for a kernelspec language of .NET Interactive ("C#", "F#", "PowerShell"), as Jupyter front ends save it.</summary>
    public static bool IsDotNetLanguage(string language) =>
        Known.Any(k => string.Equals(k.LanguageName, language, StringComparison.OrdinalIgnoreCase)
                       || string.Equals(k.Name, language, StringComparison.OrdinalIgnoreCase)
                       || k.Aliases.Contains(language, StringComparer.OrdinalIgnoreCase));

    /// <summary>A fresh collection (the parser may add to it), C# by default.</summary>
    public static KernelInfoCollection All()
    {
        var kernels = new KernelInfoCollection { DefaultKernelName = NotebookCells.CSharpKernel };
        kernels.AddRange(Known);
        return kernels;
    }

    /// <summary>The kernels a notebook's code cells use, in order of first use, C# first: what a notebook's metadata lists.</summary>
    public static KernelInfoCollection UsedBy(InteractiveDocument document)
    {
        var kernels = new KernelInfoCollection { DefaultKernelName = NotebookCells.CSharpKernel };
        var names = document.Elements.Where(c => !c.IsMarkdown).Select(c => c.Kernel).Prepend(NotebookCells.CSharpKernel).Distinct();
        foreach (var name in names)
            kernels.Add(Known.FirstOrDefault(k => k.Name == name) ?? new KernelInfo(name, null, []));
        return kernels;
    }
}
