using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Vae.Notebooks.Running;
using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Report;

/// <summary>
/// A run notebook as Jupyter .ipynb: its cells with the outputs the kernel produced, errors and execution counts included,
/// written by <see cref="IpynbFormat"/>.
/// </summary>
public static class ExecutedNotebook
{
    public static string Write(NotebookResult result)
    {
        var elements = new List<InteractiveDocumentElement>();
        var executed = 0;
        var plotlyKept = false;
        foreach (var cell in result.Cells)
        {
            var element = IpynbFormat.Element(cell.Cell, cell.Number);
            if (cell.Cell.IsMarkdown || cell.Status is CellStatus.NotRun)
            {
                elements.Add(element);
                continue;
            }
            var count = cell.Status is CellStatus.Skipped ? 0 : ++executed;
            element.ExecutionOrder = count;
            foreach (var output in cell.Outputs)
                if (Output(output, count, ref plotlyKept) is { } converted)
                    element.Outputs.Add(converted);
            if (cell.Error is { } error)
                element.Outputs.Add(Error(error));
            elements.Add(element);
        }
        return IpynbFormat.Write(result.Document, elements);
    }

    private static InteractiveDocumentOutputElement? Output(CellOutput output, int executionCount, ref bool plotlyKept)
    {
        switch (output.Kind)
        {
            case CellOutputKind.StandardOutput:
                return new TextElement(output.Content, "stdout");
            case CellOutputKind.StandardError:
            case CellOutputKind.Warning:
                return new TextElement(output.Content.EndsWith('\n') ? output.Content : output.Content + "\n", "stderr");
        }
        var data = new Dictionary<string, object>();
        foreach (var value in output.Values)
        {
            // An image/png the kernel formatted as empty (a chart, which has no picture) is not an image.
            if (value.Value.Length == 0 && value.MimeType != CellOutput.PlainText)
                continue;
            var text = value.Value;
            if (value.MimeType == CellOutput.Html && CellOutput.LooksLikeFigure(text))
            {
                // Jupyter front ends show all outputs in one page, where one copy of plotly.js serves every chart (each
                // chart waits for it): the first chart keeps its copy, the others drop theirs (about 2 MB each).
                var stripped = FigureCopies.Strip(text);
                if (stripped.Length != text.Length && !plotlyKept)
                    plotlyKept = true;
                else
                    text = stripped;
            }
            data[value.MimeType] = text;
        }
        if (data.Count == 0)
            return null;
        return output.Kind == CellOutputKind.ReturnValue
            ? ReturnValue(data, executionCount)
            : new DisplayElement(data);
    }

    // Jupyter front ends show an error's traceback, not its name and value: so the traceback starts with both.
    private static ErrorElement Error(CellError error) =>
        new(error.Message, error.Title, [$"{error.Title}: {error.Message}", .. error.Details.Length > 0 ? error.Details.Split('\n') : []]);

    private static ReturnValueElement ReturnValue(Dictionary<string, object> data, int executionCount)
    {
        var element = new ReturnValueElement { ExecutionOrder = executionCount };
        foreach (var (mime, value) in data)
            element.Data[mime] = value;
        return element;
    }
}
