using System.Text;
using System.Text.Json;

namespace Vae.Cli.Notebooks;

/// <summary>
/// Reads and writes the <c>.dib</c> text format of Polyglot Notebooks, following its reference parser
/// (dotnet/interactive, <c>CodeSubmission.Parse</c> / <c>ToCodeSubmissionContent</c>):
/// an optional <c>#!meta</c> line with JSON up to the next <c>#!</c> line, then cells that each start with
/// <c>#!&lt;kernel&gt;</c>; blank lines around a cell body are trimmed; a <c>#!</c> line naming no kernel
/// (a magic command such as <c>#!time</c>) stays in the cell body.
/// </summary>
public static class DibFormat
{
    public const string CSharpKernel = "csharp";
    public const string MarkdownKernel = "markdown";

    /// <summary>What Polyglot writes for a C#-only notebook.</summary>
    public const string DefaultMetadataJson =
        """{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}""";

    private const string Prefix = "#!";

    // Polyglot's built-in kernels and aliases: a cell of any of them starts a new cell even when the
    // #!meta block does not list it (VS Code knows them without metadata).
    private static readonly Dictionary<string, string> BuiltInKernels = new(StringComparer.Ordinal)
    {
        ["csharp"] = "csharp", ["c#"] = "csharp", ["C#"] = "csharp",
        ["fsharp"] = "fsharp", ["f#"] = "fsharp", ["F#"] = "fsharp",
        ["pwsh"] = "pwsh", ["powershell"] = "pwsh",
        ["javascript"] = "javascript", ["js"] = "javascript",
        ["html"] = "html", ["mermaid"] = "mermaid", ["sql"] = "sql", ["kql"] = "kql", ["http"] = "http",
        ["value"] = "value",
        ["markdown"] = MarkdownKernel, ["md"] = MarkdownKernel,
    };

    public static NotebookDocument Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8));

    public static NotebookDocument Parse(string content)
    {
        var lines = content.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToArray();
        var kernels = new Dictionary<string, string>(BuiltInKernels, StringComparer.Ordinal);
        string? metadata = null;
        var defaultKernel = CSharpKernel;
        var cells = new List<NotebookCell>();
        var body = new List<string>();
        var kernel = defaultKernel;
        var i = 0;

        // Like Polyglot, only a #!meta before any cell counts; blank lines before it are allowed.
        var first = Array.FindIndex(lines, l => l.Length > 0);
        if (first >= 0 && lines[first].StartsWith($"{Prefix}meta", StringComparison.Ordinal))
        {
            var json = new StringBuilder();
            for (i = first + 1; i < lines.Length && !lines[i].StartsWith(Prefix, StringComparison.Ordinal); i++)
            {
                json.Append(lines[i]).Append('\n');
            }
            metadata = json.ToString().Trim();
            defaultKernel = ReadKernelInfo(metadata, kernels) ?? defaultKernel;
            kernel = defaultKernel;
        }

        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith(Prefix, StringComparison.Ordinal) && kernels.TryGetValue(line[Prefix.Length..], out var next))
            {
                AddCell();
                kernel = next;
                body.Clear();
            }
            else
            {
                body.Add(line);
            }
        }
        AddCell();
        return new NotebookDocument(metadata, cells);

        void AddCell()
        {
            var start = body.FindIndex(l => l.Length > 0);
            if (start < 0)
            {
                return;
            }
            var end = body.FindLastIndex(l => l.Length > 0);
            cells.Add(new NotebookCell(kernel, string.Join('\n', body.GetRange(start, end - start + 1))));
        }
    }

    /// <summary>Writes the notebook as Polyglot does: each header and body followed by one blank line.</summary>
    public static string Write(NotebookDocument document)
    {
        var text = new StringBuilder();
        if (document.MetadataJson is { } metadata)
        {
            text.Append($"{Prefix}meta\n\n{metadata}\n\n");
        }
        foreach (var cell in document.Cells)
        {
            var source = cell.Source.Replace("\r\n", "\n").Trim('\n');
            if (source.Length > 0)
            {
                text.Append($"{Prefix}{cell.Kernel}\n\n{source}\n\n");
            }
        }
        // Polyglot joins lines with "\n" after a final empty line: the file ends with exactly one newline.
        return text.Length > 0 ? text.ToString(0, text.Length - 1) : "";
    }

    /// <summary>Adds the kernels named in the metadata (and their aliases); returns the default kernel.</summary>
    private static string? ReadKernelInfo(string metadata, Dictionary<string, string> kernels)
    {
        try
        {
            using var json = JsonDocument.Parse(metadata);
            if (!json.RootElement.TryGetProperty("kernelInfo", out var info))
            {
                return null;
            }
            if (info.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } kernelName)
                    {
                        kernels[kernelName] = kernelName;
                        if (item.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var alias in aliases.EnumerateArray())
                            {
                                if (alias.GetString() is { Length: > 0 } a)
                                {
                                    kernels[a] = kernelName;
                                }
                            }
                        }
                    }
                }
            }
            return info.TryGetProperty("defaultKernelName", out var d) ? d.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the #!meta block is not valid JSON: {e.Message}", e);
        }
    }
}
