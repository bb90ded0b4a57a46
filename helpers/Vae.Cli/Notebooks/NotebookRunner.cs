using System.Diagnostics;

namespace Vae.Cli.Notebooks;

/// <summary>
/// Runs a notebook (.dib, or .ipynb) headless in the real .NET Interactive kernel (a fresh <see cref="StdioKernel"/> process per
/// notebook, in the notebook's folder): its code cells one at a time, outputs collected from the kernel's events.
/// </summary>
public static class NotebookRunner
{
    // Cells of these kernels run; the others (javascript, html, mermaid, ...) need a front end a headless run lacks.
    private static readonly HashSet<string> RunnableKernels = ["csharp", "fsharp", "pwsh"];

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
        var document = NotebookReader.Load(fullPath);
        var progress = options.Progress ?? Console.Error;
        var cells = NumberCells(document);
        var settings = NotebookSettings.For(options);
        var fileName = Path.GetFileName(fullPath);

        var startedAt = DateTimeOffset.Now;
        var total = Stopwatch.StartNew();
        var collector = new CellOutputCollector();
        await using var kernel = await StdioKernel.StartAsync(Path.GetDirectoryName(fullPath)!, settings, cancellationToken);
        kernel.EventReceived += collector.Add;
        kernel.StrayOutput += collector.AddStray;
        progress.WriteLine($"{fileName}: kernel {KernelTool.CommandName} {KernelTool.PinnedVersion} ready in {total.Elapsed.TotalSeconds:0.0} s");

        var failed = false;
        foreach (var cell in cells)
        {
            if (cell.Cell.IsMarkdown)
            {
                cell.Status = CellStatus.Succeeded;
                continue;
            }
            if (failed)
                continue;
            await RunCellAsync(kernel, collector, cell, cancellationToken);
            failed = cell.Status == CellStatus.Failed;
            var outcome = cell.Status switch { CellStatus.Failed => "FAILED", CellStatus.Skipped => "skipped", _ => "ok" };
            progress.WriteLine($"{fileName}: cell {cell.Number}/{cells.Count} {outcome} {cell.Duration.TotalSeconds:0.0} s");
        }
        return new NotebookResult(fullPath, document, cells, settings, startedAt, total.Elapsed);
    }

    private static async Task RunCellAsync(StdioKernel kernel, CellOutputCollector collector, CellResult cell, CancellationToken cancellationToken)
    {
        if (!RunnableKernels.Contains(cell.Cell.Kernel))
        {
            cell.Status = CellStatus.Skipped;
            cell.Outputs.Add(new CellOutput(CellOutputKind.Warning, [new FormattedValue(CellOutput.PlainText,
                $"not run: a '{cell.Cell.Kernel}' cell needs a notebook front end; the headless runner runs {string.Join(", ", RunnableKernels)} cells")]));
            return;
        }
        var clock = Stopwatch.StartNew();
        var token = collector.Begin(cell);
        try
        {
            var done = await kernel.SubmitCodeAsync(token, cell.Cell.Source, cell.Cell.Kernel, cancellationToken);
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
            cell.Error = new CellError("the kernel process stopped", e.Message.Split('\n')[0], e.Message);
        }
        finally
        {
            collector.End();
            cell.Duration = clock.Elapsed;
        }
    }

    private static List<CellResult> NumberCells(NotebookDocument document)
    {
        var code = 0;
        return [.. document.Cells.Select((c, i) => new CellResult(c, i + 1, c.IsMarkdown ? null : ++code))];
    }
}
