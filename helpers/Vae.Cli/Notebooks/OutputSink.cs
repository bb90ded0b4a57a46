using System.Text;

namespace Vae.Cli.Notebooks;

/// <summary>
/// Collects the outputs of the cell that is running, in the order they happen: console text and displayed
/// values interleave as the cell produced them. Thread-safe, since a cell may write from worker threads.
/// </summary>
internal sealed class OutputSink
{
    private readonly Lock gate = new();
    private List<CellOutput>? current;

    /// <summary>Directs everything that follows to <paramref name="outputs"/> (null: drop it, between cells).</summary>
    public void Target(List<CellOutput>? outputs)
    {
        lock (gate)
        {
            current = outputs;
        }
    }

    public CellOutput Add(CellOutputKind kind, (string MimeType, string Content) value)
    {
        var output = new CellOutput(kind, value.MimeType, value.Content);
        lock (gate)
        {
            current?.Add(output);
        }
        return output;
    }

    /// <summary>Appends console text, continuing the previous output when it is text of the same stream.</summary>
    public void Write(CellOutputKind stream, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        lock (gate)
        {
            if (current is null)
            {
                return;
            }
            if (current.Count > 0 && current[^1].Kind == stream)
            {
                current[^1].Append(text);
            }
            else
            {
                current.Add(new CellOutput(stream, CellOutput.PlainText, text));
            }
        }
    }

    /// <summary>A <see cref="TextWriter"/> for <see cref="Console.SetOut"/> / <see cref="Console.SetError"/>.</summary>
    public TextWriter Writer(CellOutputKind stream) => new SinkWriter(this, stream);

    private sealed class SinkWriter(OutputSink sink, CellOutputKind stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => sink.Write(stream, value.ToString());

        public override void Write(string? value) => sink.Write(stream, value ?? "");

        public override void Write(char[] buffer, int index, int count) => sink.Write(stream, new string(buffer, index, count));

        public override void WriteLine(string? value) => sink.Write(stream, (value ?? "") + NewLine);
    }
}
