using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Vae.Notebooks.Documents;

/// <summary>
/// Jupyter's .ipynb format (nbformat 4), read and written with .NET Interactive's own reader and writer.
/// <para>
/// Reading gives each cell the kernel which gives each cell the kernel
/// Polyglot would (its metadata, a leading "#!fsharp" line, else the notebook's language). The JSON's shape is checked
/// first, so a damaged file is one clear message rather than whatever the library trips over. Outputs are not read:
/// the runner produces its own.
/// </para>
/// <para>
/// Writing (nbformat 4.5) names the kernel ".net-csharp" (".NET (C#)"), as the pinned tool's <c>jupyter</c> mode registers
/// it, and keeps each cell's kernel in the metadata Polyglot reads. The text is a function of the cells alone (ids from
/// positions, "\n" line ends, no timestamps), so writing the same notebook twice gives the same bytes.
/// </para>
/// </summary>
public static class IpynbFormat
{
    public const string Extension = ".ipynb";

    private static readonly string[] CellTypes = ["code", "markdown", "raw"];

    /// <summary>The cells of .ipynb JSON; blank cells and raw cells (which no kernel runs) are left out.</summary>
    /// <exception cref="InvalidDataException">Not JSON, not nbformat 4, or a cell without a type and source.</exception>
    public static InteractiveDocument Parse(string json)
    {
        JsonNode? root;
        try
        {
            // A name given twice in one object is refused here rather than surfacing later as another exception.
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"it is not JSON ({JsonErrors.FirstPart(e.Message)}): an .ipynb notebook is a JSON object; is the file cut short?", e);
        }
        var notebook = Validated(root);
        try
        {
            var parsed = Notebook.Parse(notebook.ToJsonString(), NotebookKernels.All());
            return NotebookCells.Normalized(parsed);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // Not expected after the checks above; still the file's problem, not the runner's.
            throw new InvalidDataException($"the .NET Interactive reader refused it ({JsonErrors.FirstPart(e.Message)})", e);
        }
    }

    /// <summary>The notebook reduced to what the runner reads (no outputs), once its shape is known to be nbformat 4's.</summary>
    private static JsonObject Validated(JsonNode? root)
    {
        if (root is not JsonObject notebook)
            throw new InvalidDataException("it is not a JSON object: an .ipynb notebook is an object with \"cells\" and \"nbformat\"");
        var format = notebook["nbformat"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (format != 4)
            throw new InvalidDataException(format is null
                ? "it has no \"nbformat\" number: is it a Jupyter notebook?"
                : $"it is nbformat {format}; the runner reads nbformat 4 (open and save it in a current Jupyter to convert it)");
        if (notebook["cells"] is not JsonArray cells)
            throw new InvalidDataException("it has no \"cells\" list");
        if (notebook["metadata"] is { } metadata && metadata is not JsonObject)
            throw new InvalidDataException("its \"metadata\" is not an object");
        var kept = new JsonArray();
        for (var i = 0; i < cells.Count; i++)
        {
            var where = $"cell {i + 1}";
            if (cells[i] is not JsonObject cell)
                throw new InvalidDataException($"{where} is not an object");
            var type = cell["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type is null || !CellTypes.Contains(type))
                throw new InvalidDataException($"{where} has cell_type {Describe(cell["cell_type"])}; nbformat 4 has code, markdown and raw cells");
            if (!IsText(cell["source"]))
                throw new InvalidDataException($"{where} has no source text (a string or a list of strings)");
            if (cell["metadata"] is { } cellMetadata && cellMetadata is not JsonObject)
                throw new InvalidDataException($"{where} has metadata that is not an object");
            if (type == "raw")
                continue;
            var copy = new JsonObject { ["cell_type"] = type, ["source"] = cell["source"]!.DeepClone() };
            if (type == "code" && KernelMetadata(cell) is { } kernel)
                copy["metadata"] = kernel;
            kept.Add(copy);
        }
        // Only an object can be indexed by name: a kernelspec of another shape is no language.
        var language = notebook["metadata"] is JsonObject m && m["kernelspec"] is JsonObject spec
                       && spec["language"] is JsonValue l && l.TryGetValue<string>(out var name) ? name : null;
        // Jupyter front ends save the language the notebook was written for; .NET Interactive's reader would give the cells
        // of a Python notebook the kernel "python", which the runner can only skip.
        var kernelName = notebook["metadata"] is JsonObject md && md["kernelspec"] is JsonObject ks
                         && ks["name"] is JsonValue kn && kn.TryGetValue<string>(out var kname) ? kname : null;
        if (language is not null && !NotebookKernels.IsDotNetLanguage(language))
            throw NotebookRefusals.Create(
                $"it is a {language} notebook (kernelspec {kernelName ?? "without a name"}), not a C# one: the runner runs .NET Interactive notebooks",
                NotebookRefusal.OtherLanguage);
        var reduced = new JsonObject { ["nbformat"] = 4, ["cells"] = kept };
        if (language is not null)
            reduced["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["language"] = language } };
        return reduced;
    }

    // The cell's kernel as Polyglot stores it; a value of another shape is left out (the notebook's language applies).
    private static JsonObject? KernelMetadata(JsonObject cell)
    {
        var metadata = new JsonObject();
        foreach (var (space, key) in new[] { ("dotnet_interactive", "language"), ("polyglot_notebook", "kernelName") })
            if (cell["metadata"] is JsonObject m && m[space] is JsonObject ns && ns[key] is JsonValue value && value.TryGetValue<string>(out var text))
                metadata[space] = new JsonObject { [key] = text };
        return metadata.Count > 0 ? metadata : null;
    }

    private static bool IsText(JsonNode? source) => source switch
    {
        JsonValue value => value.TryGetValue<string>(out _),
        JsonArray lines => lines.All(line => line is JsonValue l && l.TryGetValue<string>(out _)),
        _ => false,
    };

    private static string Describe(JsonNode? node) => node is null ? "missing" : node.ToJsonString() is { Length: <= 40 } s ? s : "of another kind";

    /// <summary>The .ipynb twin of a notebook: its cells, no outputs.</summary>
    public static string Twin(InteractiveDocument document) =>
        Write(document, [.. document.Elements.Select((cell, i) => Element(cell, i + 1))]);

    /// <summary>A copy of <paramref name="cell"/> for writing, its id the cell's position (as the report's anchors, #cell-3, number cells).</summary>
    public static InteractiveDocumentElement Element(InteractiveDocumentElement cell, int number) =>
        new(cell.Contents, cell.Kernel, []) { Id = $"cell-{number}" };

    /// <summary>The .ipynb text of <paramref name="elements"/>, with the kernels <paramref name="document"/>'s code cells use.</summary>
    public static string Write(InteractiveDocument document, IReadOnlyList<InteractiveDocumentElement> elements)
    {
        var interactive = new InteractiveDocument([.. elements]);
        interactive.Metadata["kernelInfo"] = NotebookKernels.UsedBy(document);
        // The writer indents with Environment.NewLine; files in the repository use "\n" everywhere, and end with one.
        return Notebook.ToJupyterJson(interactive, "C#").ReplaceLineEndings("\n") + "\n";
    }
}
