using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Kernel;

namespace Vae.Notebooks.Running;

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

/// <summary>What ended a cell that failed.</summary>
public enum CellErrorKind
{
    /// <summary>The cell did not compile; <see cref="CellError.Details"/> lists the diagnostics.</summary>
    CompileError,
    /// <summary>The cell threw.</summary>
    Exception,
    /// <summary>The kernel process died while the cell ran (out of memory, a native crash, killed).</summary>
    KernelStopped,
    /// <summary>The run was stopped from outside while the cell ran (a time limit).</summary>
    Stopped,
}

/// <summary>Why a cell failed: its <see cref="Kind"/>, and for people a title, a message and <see cref="Details"/> (compiler
/// diagnostics or the useful part of the stack).</summary>
public sealed record CellError(CellErrorKind Kind, string Title, string Message, string Details)
{
    /// <summary>A compile error's diagnostics, as the kernel reported them (empty for other errors).</summary>
    public IReadOnlyList<KernelDiagnostic> Diagnostics { get; init; } = [];

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
