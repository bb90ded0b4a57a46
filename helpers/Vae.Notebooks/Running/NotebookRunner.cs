using System.Diagnostics;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Kernel;
using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Running;

/// <summary>
/// Runs a notebook (.dib, or .ipynb) headless in the real .NET Interactive kernel (a fresh <see cref="StdioKernel"/> process per
/// notebook, in the notebook's folder): its code cells one at a time, outputs collected from the kernel's events.
/// </summary>
public static class NotebookRunner
{
    /// <summary>
    /// Runs every code cell of the notebook at <paramref name="path"/>. A cell the kernel fails (a compile error or an
    /// exception: its CommandFailed) stops the notebook: later code cells are <see cref="CellStatus.NotRun"/>. Never
    /// throws for a cell's failure.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not a .dib or .ipynb notebook, is empty, malformed or has no cells.</exception>
    /// <exception cref="KernelUnavailableException">The kernel did not start.</exception>
    public static async Task<NotebookResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var fullPath = Path.GetFullPath(path);
        return await RunAsync(fullPath, NotebookReader.Load(fullPath), options, cancellationToken);
    }

    /// <summary>Runs <paramref name="document"/>, read from <paramref name="fullPath"/>, as <see cref="RunAsync(string, NotebookRunOptions?, CancellationToken)"/> does.</summary>
    /// <exception cref="KernelUnavailableException">The kernel did not start.</exception>
    internal static Task<NotebookResult> RunAsync(string fullPath, InteractiveDocument document, NotebookRunOptions options,
        CancellationToken cancellationToken) =>
        RunDocumentAsync(fullPath, document, options.Environment,
            token => StdioKernel.StartAsync(Path.GetDirectoryName(fullPath)!, options.Environment, token),
            new RunMode(GoOnAfterFailure: false, Path.GetFileName(fullPath), options.Progress ?? Console.Error),
            cancellationToken);

    /// <summary>How <see cref="RunDocumentAsync"/> runs: whether a failed cell stops the notebook, how progress names it, and a
    /// token that stops the run but keeps what ran (a time limit), apart from the one that abandons it.</summary>
    internal sealed record RunMode(bool GoOnAfterFailure, string Label, TextWriter Progress)
    {
        public CancellationToken Stop { get; init; }
    }

    /// <summary>
    /// Runs <paramref name="document"/>'s code cells in the kernel <paramref name="startKernel"/> starts. With
    /// <see cref="RunMode.GoOnAfterFailure"/> every cell runs whatever failed before it (as grading needs); a kernel that
    /// dies, or <see cref="RunMode.Stop"/>, ends the run with the later cells <see cref="CellStatus.NotRun"/> and
    /// <see cref="NotebookResult.Interruption"/> saying why.
    /// </summary>
    /// <exception cref="KernelUnavailableException">The kernel did not start.</exception>
    internal static async Task<NotebookResult> RunDocumentAsync(string path, InteractiveDocument document, IReadOnlyDictionary<string, string> settings,
        Func<CancellationToken, Task<StdioKernel>> startKernel, RunMode mode, CancellationToken cancellationToken)
    {
        var progress = mode.Progress;
        var cells = NumberCells(document);
        var startedAt = DateTimeOffset.Now;
        var total = Stopwatch.StartNew();
        var collector = new CellOutputCollector();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, mode.Stop);
        await using var kernel = await startKernel(linked.Token);
        kernel.EventReceived += collector.Add;
        kernel.StrayOutput += collector.AddStray;
        progress.WriteLine($"{mode.Label}: kernel {KernelTool.CommandName} {KernelTool.PinnedVersion} ready in {total.Elapsed.TotalSeconds:0.0} s");

        var stopped = false;
        CellErrorKind? interruption = null;
        foreach (var cell in cells)
        {
            if (cell.Cell.IsMarkdown)
            {
                cell.Status = CellStatus.Succeeded;
                continue;
            }
            if (stopped)
                continue;
            try
            {
                await RunCellAsync(kernel, collector, cell, linked.Token);
            }
            catch (OperationCanceledException) when (mode.Stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Stopped from outside (the time limit): this cell did not finish; the caller says why in its own words.
                cell.Status = CellStatus.Failed;
                cell.Error = new CellError(CellErrorKind.Stopped, "stopped", "the run was stopped while this cell ran", "");
            }
            if (cell.Error?.Kind is CellErrorKind.Stopped or CellErrorKind.KernelStopped)
                interruption = cell.Error.Kind;
            stopped = interruption is not null || (cell.Status == CellStatus.Failed && !mode.GoOnAfterFailure);
            var outcome = cell.Status switch { CellStatus.Failed => "FAILED", CellStatus.Skipped => "skipped", _ => "ok" };
            progress.WriteLine($"{mode.Label}: cell {cell.Number}/{cells.Count} {outcome} {cell.Duration.TotalSeconds:0.0} s");
        }
        return new NotebookResult(path, document, cells, settings, startedAt, total.Elapsed) { Interruption = interruption };
    }

    private static async Task RunCellAsync(StdioKernel kernel, CellOutputCollector collector, CellResult cell, CancellationToken cancellationToken)
    {
        if (!NotebookKernels.Runs(cell.Cell.Kernel))
        {
            cell.Status = CellStatus.Skipped;
            cell.Outputs.Add(new CellOutput(CellOutputKind.Warning, [new FormattedValue(CellOutput.PlainText,
                $"not run: a '{cell.Cell.Kernel}' cell needs a notebook front end; the headless runner runs {string.Join(", ", NotebookKernels.Runnable)} cells")]));
            return;
        }
        var clock = Stopwatch.StartNew();
        var token = collector.Begin(cell);
        try
        {
            var done = await kernel.SubmitCodeAsync(token, cell.Cell.Contents, cell.Cell.Kernel, cancellationToken);
            if (done.Type == KernelEvent.Failed)
            {
                cell.Status = CellStatus.Failed;
                cell.Error = ErrorFormatter.FromFailure(done.Message, collector.ErrorsOf(cell));
            }
            else
            {
                cell.Status = CellStatus.Succeeded;
            }
        }
        catch (KernelUnavailableException e)
        {
            // The process died under the cell (out of memory, a native crash): the cell failed, the notebook stops.
            cell.Status = CellStatus.Failed;
            cell.Error = new CellError(CellErrorKind.KernelStopped, "the kernel process stopped", e.Message.Split('\n')[0], e.Message);
        }
        finally
        {
            collector.End();
            cell.Duration = clock.Elapsed;
        }
    }

    private static List<CellResult> NumberCells(InteractiveDocument document)
    {
        var code = 0;
        return [.. document.Elements.Select((c, i) => new CellResult(c, i + 1, c.IsMarkdown ? null : ++code))];
    }
}
