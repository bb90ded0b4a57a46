using Microsoft.DotNet.Interactive.Documents;

namespace Vae.Cli.Notebooks;

public enum CellStatus
{
    /// <summary>A code cell that ran without an exception, or a markdown cell (always rendered).</summary>
    Succeeded,
    /// <summary>The cell did not compile or threw; its <see cref="CellResult.Error"/> says why.</summary>
    Failed,
    /// <summary>A code cell after a failed one: not run, as a notebook stops at its first error.</summary>
    NotRun,
    /// <summary>A cell for a kernel the runner does not have (F#, PowerShell, ...).</summary>
    Skipped,
}

/// <summary>Why a cell failed. <see cref="Details"/> holds compiler diagnostics or the useful part of the stack.</summary>
public sealed record CellError(string Title, string Message, string Details)
{
    public override string ToString() => Details.Length > 0 ? $"{Title}: {Message}\n{Details}" : $"{Title}: {Message}";
}

/// <summary>What happened to one cell of a notebook run.</summary>
public sealed class CellResult
{
    internal CellResult(InteractiveDocumentElement cell, int number, int? codeNumber)
    {
        Cell = cell;
        Number = number;
        CodeNumber = codeNumber;
    }

    public InteractiveDocumentElement Cell { get; }

    /// <summary>1-based position among all cells, markdown included.</summary>
    public int Number { get; }

    /// <summary>1-based position among code cells; null for markdown cells.</summary>
    public int? CodeNumber { get; }

    public CellStatus Status { get; internal set; } = CellStatus.NotRun;

    public TimeSpan Duration { get; internal set; }

    public CellError? Error { get; internal set; }

    public List<CellOutput> Outputs { get; } = [];

    public int FigureCount => Outputs.Count(o => o.IsFigure);

    /// <summary>"cell 5 (code cell 3)": how messages name a cell, so that either way of counting finds it.</summary>
    public string Label => CodeNumber is { } code ? $"cell {Number} (code cell {code})" : $"cell {Number}";
}
