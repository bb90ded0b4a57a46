using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Notebooks.Documents;

/// <summary>
/// Polyglot Notebooks' .dib format, parsed with .NET Interactive's own parser (Microsoft.DotNet.Interactive.Documents), so
/// cells split exactly as Polyglot Notebooks splits them. Files are read through <see cref="NotebookReader"/>.
/// </summary>
public static class DibFormat
{
    public const string Extension = ".dib";

    /// <summary>The cells of .dib text; blank cells (an empty editor cell) are left out, as they run nothing.</summary>
    /// <exception cref="InvalidDataException">The #!meta block is not the JSON object Polyglot Notebooks writes.</exception>
    public static InteractiveDocument Parse(string text)
    {
        InteractiveDocument parsed;
        try
        {
            parsed = CodeSubmission.Parse(text, NotebookKernels.All());
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // The parser reads the #!meta block as JSON and nothing else in the file; a kernel list it cannot take (a blank
            // name, a name or alias given twice) is an ArgumentException from its KernelInfoCollection.
            var what = e is JsonException ? "is not the JSON Polyglot Notebooks writes" : "lists kernels .NET Interactive refuses";
            throw new InvalidDataException(
                $"its #!meta block {what} ({JsonErrors.FirstPart(e.Message)}): " +
                "correct it, or delete the block and its JSON (the editor writes a new one)", e);
        }
        return NotebookCells.Normalized(parsed);
    }
}
