using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Notebooks.Running;

/// <summary>
/// The outcome of running one notebook: every cell with its outputs, and the first failure if any; or, for a file that
/// could not be read, why (<see cref="ReadError"/>), so that it has its own entry in the report beside the notebooks that ran.
/// </summary>
public sealed class NotebookResult
{
    internal NotebookResult(string path, InteractiveDocument document, IReadOnlyList<CellResult> cells,
        IReadOnlyDictionary<string, string> settings, DateTimeOffset startedAt, TimeSpan duration, string? readError = null)
    {
        ReadError = readError;
        Path = path;
        Document = document;
        Cells = cells;
        Settings = settings;
        StartedAt = startedAt;
        Duration = duration;
    }

    /// <summary>A notebook that could not be read: nothing ran; <paramref name="problem"/> (a reader's message) says why and what to do.</summary>
    internal static NotebookResult Unreadable(string path, string problem, IReadOnlyDictionary<string, string> settings)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        // The readers name the file by its full path; the report and the summary line name it as the index does.
        var named = problem.Replace(fullPath, System.IO.Path.GetFileName(fullPath), StringComparison.Ordinal);
        return new(fullPath, new InteractiveDocument(), [], settings, DateTimeOffset.Now, TimeSpan.Zero, named);
    }

    /// <summary>Why the run ended before its last cell, when something other than a failed cell ended it: the cell's error
    /// kind, <see cref="CellErrorKind.KernelStopped"/> or <see cref="CellErrorKind.Stopped"/>; null otherwise.</summary>
    public CellErrorKind? Interruption { get; init; }

    /// <summary>The report's page is <c>{ReportName}.html</c>: the file's name unless the caller chose another (graded
    /// submissions of one name, from several students).</summary>
    public string ReportName
    {
        get => reportName ?? Name;
        init => reportName = value;
    }

    private readonly string? reportName;

    /// <summary>Why the file could not be read as a notebook, naming it by file name (null when it was read and run).</summary>
    public string? ReadError { get; }

    /// <summary>Full path of the notebook file (.dib or .ipynb).</summary>
    public string Path { get; }

    /// <summary>The file name without extension: the report page is <c>{Name}.html</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    public string FileName => System.IO.Path.GetFileName(Path);

    public InteractiveDocument Document { get; }

    public IReadOnlyList<CellResult> Cells { get; }

    /// <summary>The VAE_* environment variables the cells saw, shown in the report header.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Duration { get; }

    public CellResult? FailedCell => Cells.FirstOrDefault(c => c.Status == CellStatus.Failed);

    public bool Succeeded => FailedCell is null && ReadError is null;

    public int FigureCount => Cells.Sum(c => c.FigureCount);

    /// <summary>One line for the terminal: which notebook, which cell (counting all cells and code cells), why.</summary>
    public string? FailureSummary => ReadError ?? (FailedCell is { } cell
        ? $"{FileName} failed at cell {cell.Number} of {Cells.Count} (counting markdown cells; code cell {cell.CodeNumber}): " +
          $"{cell.Error?.Title}: {FirstLine(cell.Error?.Message)}"
        : null);

    private static string FirstLine(string? text) => text?.Split('\n')[0].Trim() ?? "";
}
