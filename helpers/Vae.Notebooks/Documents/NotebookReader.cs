using System.Text;
using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Notebooks.Documents;

/// <summary>
/// Reads a notebook file of either kind the runner accepts: Polyglot's .dib (<see cref="DibFormat"/>) or Jupyter's
/// .ipynb (<see cref="IpynbFormat"/>). What is not a notebook is an <see cref="InvalidDataException"/> whose message
/// starts with the file's path and says what to do.
/// </summary>
public static class NotebookReader
{
    public static readonly string[] Extensions = [DibFormat.Extension, IpynbFormat.Extension];

    // A notebook is text a person edits; the runner's own executed .ipynb files, charts and all, stay under 50 MB.
    // Anything far larger is not a notebook, and reading it whole would only exhaust memory.
    private const long MaxBytes = 256L << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True for the extensions <see cref="Load"/> reads.</summary>
    public static bool IsNotebookPath(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a .dib or .ipynb file, too large, not UTF-8 text, malformed, without a cell
    /// that has content, or in a language the .NET Interactive kernel lacks; <see cref="NotebookRefusals.Of"/> says which.</exception>
    public static InteractiveDocument Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"notebook not found: {path}", path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!IsNotebookPath(path))
            throw NotebookRefusals.Create($"{path} is not a notebook: the runner reads Polyglot's .dib and Jupyter's .ipynb files",
                NotebookRefusal.WrongFileType);
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw NotebookRefusals.Create($"{path} is {length >> 20} MB, more than the {MaxBytes >> 20} MB a notebook may have: is it the right file?",
                NotebookRefusal.TooLarge);
        var text = ReadText(path);
        if (string.IsNullOrWhiteSpace(text))
            throw NotebookRefusals.Create(extension == DibFormat.Extension
                ? $"{path} is empty: a .dib notebook needs a cell, a '#!csharp' or '#!markdown' line followed by its text"
                : $"{path} is empty: a .ipynb notebook is a JSON object with its cells", NotebookRefusal.Empty);
        InteractiveDocument document;
        try
        {
            document = extension == DibFormat.Extension ? DibFormat.Parse(text) : IpynbFormat.Parse(text);
        }
        catch (InvalidDataException e)
        {
            throw NotebookRefusals.Create($"{path}: {e.Message}", NotebookRefusals.Of(e), e);
        }
        if (document.Elements.Count == 0)
            throw NotebookRefusals.Create($"{path} has no cells: every cell is empty", NotebookRefusal.Empty);
        // A cell for a kernel .NET Interactive lacks would be skipped, every one of them in a Python notebook: a run
        // that "passes" having run nothing. Said now instead.
        if (document.Elements.FirstOrDefault(c => !NotebookKernels.IsKnown(c.Kernel)) is { } foreign)
            throw NotebookRefusals.Create(
                $"{path} is not a C# notebook: its cells are '{foreign.Kernel}'; the runner runs .NET Interactive notebooks (C#)",
                NotebookRefusal.OtherLanguage);
        return document;
    }

    private static string ReadText(string path)
    {
        string text;
        try
        {
            // Strict: a binary file, or text in a legacy code page, is refused instead of read as replacement characters.
            using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            throw NotebookRefusals.Create($"{path} is not UTF-8 text: is it a notebook? If it is, save it as UTF-8", NotebookRefusal.Binary);
        }
        if (text.IndexOf('\0') is var zero and >= 0)
            throw NotebookRefusals.Create($"{path} holds a NUL character at position {zero}: it is a binary file, not a notebook",
                NotebookRefusal.Binary);
        return text;
    }
}
