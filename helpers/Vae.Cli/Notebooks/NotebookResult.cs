namespace Vae.Cli.Notebooks;

/// <summary>The outcome of running one notebook: every cell with its outputs, and the first failure if any.</summary>
public sealed class NotebookResult
{
    internal NotebookResult(string path, NotebookDocument document, IReadOnlyList<CellResult> cells,
        IReadOnlyDictionary<string, string> settings, DateTimeOffset startedAt, TimeSpan duration)
    {
        Path = path;
        Document = document;
        Cells = cells;
        Settings = settings;
        StartedAt = startedAt;
        Duration = duration;
    }

    /// <summary>Full path of the .dib file.</summary>
    public string Path { get; }

    /// <summary>The file name without extension: the report page is <c>{Name}.html</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    public string FileName => System.IO.Path.GetFileName(Path);

    public NotebookDocument Document { get; }

    public IReadOnlyList<CellResult> Cells { get; }

    /// <summary>The VAE_* environment variables the cells saw, shown in the report header.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Duration { get; }

    public CellResult? FailedCell => Cells.FirstOrDefault(c => c.Status == CellStatus.Failed);

    public bool Succeeded => FailedCell is null;

    public int FigureCount => Cells.Sum(c => c.FigureCount);

    /// <summary>One line for the terminal: which notebook, which cell (counting all cells and code cells), why.</summary>
    public string? FailureSummary => FailedCell is { } cell
        ? $"{FileName} failed at cell {cell.Number} of {Cells.Count} (counting markdown cells; code cell {cell.CodeNumber}): " +
          $"{cell.Error?.Title}: {FirstLine(cell.Error?.Message)}"
        : null;

    private static string FirstLine(string? text) => text?.Split('\n')[0].Trim() ?? "";
}
