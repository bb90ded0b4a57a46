namespace Vae.Notebooks.Documents;

/// <summary>What kind of file a notebook reader refused: the grader's row says which, the runner's message says why.</summary>
public enum NotebookRefusal
{
    /// <summary>Not a .dib or .ipynb file.</summary>
    WrongFileType,
    /// <summary>No bytes, only blank text, or no cell with content.</summary>
    Empty,
    /// <summary>Far larger than any notebook.</summary>
    TooLarge,
    /// <summary>Not UTF-8 text, or holding NUL characters.</summary>
    Binary,
    /// <summary>Text that does not parse as the format it claims (cut short, damaged JSON, another nbformat).</summary>
    Malformed,
    /// <summary>A notebook for a kernel the .NET Interactive kernel does not have (a Python .ipynb).</summary>
    OtherLanguage,
    /// <summary>The file could not be opened (permission denied, an I/O error).</summary>
    Inaccessible,
}

/// <summary>
/// The readers' refusals are <see cref="InvalidDataException"/>s (sealed, and what every caller catches) whose message names
/// the file, the problem and what to do; the kind travels in the exception's <see cref="Exception.Data"/>.
/// </summary>
public static class NotebookRefusals
{
    private const string Key = "Vae.NotebookRefusal";

    public static InvalidDataException Create(string message, NotebookRefusal refusal, Exception? inner = null)
    {
        var e = new InvalidDataException(message, inner);
        e.Data[Key] = refusal;
        return e;
    }

    /// <summary>The kind of a reader's refusal; <see cref="NotebookRefusal.Malformed"/> for another InvalidDataException.</summary>
    public static NotebookRefusal Of(InvalidDataException e) => e.Data[Key] is NotebookRefusal refusal ? refusal : NotebookRefusal.Malformed;

    /// <summary>How a gradebook row or a summary line names the refusal.</summary>
    public static string Describe(NotebookRefusal refusal) => refusal switch
    {
        NotebookRefusal.WrongFileType => "wrong file type",
        NotebookRefusal.Empty => "empty",
        NotebookRefusal.TooLarge => "too large",
        NotebookRefusal.Binary => "unreadable: binary",
        NotebookRefusal.Malformed => "unreadable: malformed or cut short",
        NotebookRefusal.OtherLanguage => "not a C# notebook",
        NotebookRefusal.Inaccessible => "unreadable",
        _ => refusal.ToString(),
    };
}
