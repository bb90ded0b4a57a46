using Vae.Notebooks.Kernel;
namespace Vae.Notebooks.Running;

/// <summary>
/// Turns the kernel's events into cell outputs: each event goes to the cell whose command token it carries (a
/// child command's "token.1" included), console text continues the previous piece of the same stream, and a
/// DisplayedValueUpdated replaces the output it names, in whichever cell that was displayed.
/// <para>
/// The 1.0.712001 kernel gives a value's updates another valueId than the DisplayedValueProduced that showed it
/// (seen on its raw stdio stream: display("one") has one id, both d.Update(…) calls share a second). So an update
/// whose id was never displayed takes over the earliest display of its cell that no update has claimed yet: for
/// `var d = display(x); … d.Update(y);` that is the right one, and for several handles updated in the order they
/// were shown, too.
/// </para>
/// </summary>
internal sealed class CellOutputCollector
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, CellResult> cellsByToken = [];
    private readonly Dictionary<string, CellOutput> displayed = [];
    private readonly HashSet<CellOutput> claimed = [];
    private readonly Dictionary<CellResult, List<KernelDiagnostic>> diagnostics = [];
    private readonly string prefix = $"vae-{Guid.NewGuid():N}"[..12];
    private CellResult? running;

    /// <summary>The token for a cell's command; events carrying it (or a child of it) land in that cell.</summary>
    public string Begin(CellResult cell)
    {
        var token = $"{prefix}-{cell.Number}";
        lock (gate)
        {
            cellsByToken[token] = cell;
            running = cell;
        }
        return token;
    }

    public void End()
    {
        lock (gate)
            running = null;
    }

    /// <summary>The error diagnostics the kernel reported for a cell.</summary>
    public IReadOnlyList<KernelDiagnostic> ErrorsOf(CellResult cell)
    {
        lock (gate)
            return diagnostics.TryGetValue(cell, out var list) ? [.. list.Where(d => d.Severity == "error")] : [];
    }

    public void Add(KernelEvent e)
    {
        lock (gate)
        {
            if (e.Type == KernelEvent.DisplayedValueUpdated && e.ValueId is { } id && displayed.TryGetValue(id, out var shown))
            {
                shown.Replace(e.Values);
                return;
            }
            if (CellOf(e.Token) is not { } cell)
                return;
            switch (e.Type)
            {
                case KernelEvent.StandardOutputValueProduced:
                    Write(cell, CellOutputKind.StandardOutput, e.Values);
                    break;
                case KernelEvent.StandardErrorValueProduced:
                    Write(cell, CellOutputKind.StandardError, e.Values);
                    break;
                case KernelEvent.DisplayedValueUpdated when e.ValueId is { } updateId
                                                              && cell.Outputs.FirstOrDefault(o => o.Kind == CellOutputKind.Display && !claimed.Contains(o)) is { } unclaimed:
                    claimed.Add(unclaimed);
                    displayed[updateId] = unclaimed;
                    unclaimed.Replace(e.Values);
                    break;
                case KernelEvent.DisplayedValueProduced or KernelEvent.DisplayedValueUpdated:
                    var output = new CellOutput(CellOutputKind.Display, e.Values, e.ValueId);
                    cell.Outputs.Add(output);
                    if (e.ValueId is { } valueId)
                        displayed[valueId] = output;
                    break;
                case KernelEvent.ReturnValueProduced:
                    cell.Outputs.Add(new CellOutput(CellOutputKind.ReturnValue, e.Values));
                    break;
                case KernelEvent.DiagnosticsProduced when e.Diagnostics.Count > 0:
                    if (!diagnostics.TryGetValue(cell, out var list))
                        diagnostics[cell] = list = [];
                    list.AddRange(e.Diagnostics);
                    break;
            }
        }
    }

    /// <summary>Text the kernel process printed outside the protocol: kept with the running cell, so nothing is lost.</summary>
    public void AddStray(string line)
    {
        lock (gate)
            running?.Outputs.Add(new CellOutput(CellOutputKind.Warning, [new FormattedValue(CellOutput.PlainText, $"kernel process output: {line}")]));
    }

    private CellResult? CellOf(string? token)
    {
        for (var t = token; t is not null; t = t.LastIndexOf('.') is var dot and > 0 ? t[..dot] : null)
            if (cellsByToken.TryGetValue(t, out var cell))
                return cell;
        return null;
    }

    private static void Write(CellResult cell, CellOutputKind stream, IReadOnlyList<FormattedValue> values)
    {
        var text = values.FirstOrDefault()?.Value ?? "";
        if (text.Length == 0)
            return;
        if (cell.Outputs.Count > 0 && cell.Outputs[^1].Kind == stream)
            cell.Outputs[^1].Append(text);
        else
            cell.Outputs.Add(new CellOutput(stream, [new FormattedValue(CellOutput.PlainText, text)]));
    }
}
