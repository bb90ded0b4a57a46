using System.Diagnostics;
using Microsoft.CodeAnalysis.Scripting;

namespace Vae.Cli.Notebooks;

/// <summary>Runs a .dib notebook headless: its C# cells in order, in one script session, outputs captured.</summary>
public static class NotebookRunner
{
    // The current directory, environment variables and Console.Out belong to the whole process:
    // notebooks run one at a time, whoever calls.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// Runs every C# cell of the notebook at <paramref name="path"/>. A cell that fails to compile or throws stops
    /// the notebook: later code cells are <see cref="CellStatus.NotRun"/>. Never throws for a cell's failure;
    /// throws <see cref="FileNotFoundException"/> / <see cref="InvalidDataException"/> if the file is missing or unreadable.
    /// </summary>
    public static async Task<NotebookResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"notebook not found: {path}", fullPath);
        }
        var document = DibFormat.Load(fullPath);
        var progress = options.Progress ?? Console.Error;
        var cells = NumberCells(document);

        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            var startedAt = DateTimeOffset.Now;
            var total = Stopwatch.StartNew();
            var sink = new OutputSink();
            using var environment = NotebookEnvironment.Enter(fullPath, options, sink);
            var session = new ScriptSession(fullPath, new NotebookGlobals(sink), message => sink.Add(CellOutputKind.Warning, (CellOutput.PlainText, message)));
            var failed = false;
            foreach (var cell in cells)
            {
                if (cell.Cell.IsMarkdown)
                {
                    cell.Status = CellStatus.Succeeded;
                    continue;
                }
                if (failed)
                {
                    continue;
                }
                sink.Target(cell.Outputs);
                try
                {
                    await RunCellAsync(session, sink, cell, Path.GetDirectoryName(fullPath)!, cancellationToken);
                }
                finally
                {
                    sink.Target(null);
                }
                failed = cell.Status == CellStatus.Failed;
                var outcome = cell.Status switch { CellStatus.Failed => "FAILED", CellStatus.Skipped => "skipped", _ => "ok" };
                progress.WriteLine($"{Path.GetFileName(fullPath)}: cell {cell.Number}/{cells.Count} {outcome} {cell.Duration.TotalSeconds:0.0} s");
            }
            return new NotebookResult(fullPath, document, cells, environment.Settings, startedAt, total.Elapsed);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static async Task RunCellAsync(ScriptSession session, OutputSink sink, CellResult cell, string folder, CancellationToken cancellationToken)
    {
        if (!cell.Cell.IsCSharp)
        {
            cell.Status = CellStatus.Skipped;
            sink.Add(CellOutputKind.Warning, (CellOutput.PlainText, $"not run: the headless runner has only the C# kernel, this is a '{cell.Cell.Kernel}' cell"));
            return;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            var source = MagicCommands.Strip(cell.Cell.Source, message => sink.Add(CellOutputKind.Warning, (CellOutput.PlainText, message)));
            var value = await session.RunAsync(source, cell.Number, cancellationToken);
            // display(x) as the last line returns its handle: showing the handle too would show x twice.
            if (value is not null and not DisplayedValue)
            {
                sink.Add(CellOutputKind.ReturnValue, OutputFormatter.Format(value));
            }
            cell.Status = CellStatus.Succeeded;
        }
        catch (CompilationErrorException e)
        {
            cell.Status = CellStatus.Failed;
            cell.Error = ErrorFormatter.FromCompilation(e);
        }
        catch (Exception e)
        {
            cell.Status = CellStatus.Failed;
            cell.Error = ErrorFormatter.FromException(e, folder);
        }
        finally
        {
            cell.Duration = clock.Elapsed;
        }
    }

    private static List<CellResult> NumberCells(NotebookDocument document)
    {
        var code = 0;
        return [.. document.Cells.Select((c, i) => new CellResult(c, i + 1, c.IsMarkdown ? null : ++code))];
    }
}
