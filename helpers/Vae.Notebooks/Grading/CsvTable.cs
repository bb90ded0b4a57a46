using System.Text;
using CsvHelper;
using Vae.Core;

namespace Vae.Notebooks.Grading;

/// <summary>
/// A CSV file as text: a header and rows, read and written by CsvHelper (RFC 4180). Read as a teacher's spreadsheet saves
/// it — a byte order mark, a ';' or tab separator, line breaks in quoted fields, short rows — and written with ',' and
/// every field that a spreadsheet would run as a formula (= + - @) disarmed by a leading apostrophe, as messages and answers
/// carry a student's own text; reading takes that apostrophe off again, so a file read and written back is unchanged.
/// </summary>
internal sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    private static readonly CsvWriterOptions Plain = new() { Injection = CsvInjection.Escape };

    private static readonly CsvWriterOptions ForSpreadsheets = new() { Injection = CsvInjection.Escape, WriteByteOrderMark = true };

    /// <summary>The index of the column named <paramref name="name"/> (case and surrounding blanks aside); -1 when none is.</summary>
    public int Column(string name) => Header.ToList().FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Field <paramref name="column"/> of a row; "" past its end (a spreadsheet drops empty trailing fields).</summary>
    public static string Field(IReadOnlyList<string> row, int column) => column >= 0 && column < row.Count ? row[column] : "";

    /// <exception cref="InvalidDataException">The file is not text or has no header line (the message names it).</exception>
    public static CsvTable Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
            throw new InvalidDataException($"{path} is not a CSV file (it holds binary data): save it as CSV (comma, semicolon or tab separated)");
        try
        {
            using var reader = CsvReader.Create(new MemoryStream(bytes), new CsvReaderOptions());
            var header = reader.Headers.ToArray().Select(Disarmed).ToList();
            if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
                throw new InvalidDataException($"{path} has no header line: its first line names the columns");
            var rows = new List<IReadOnlyList<string>>();
            while (reader.Read())
            {
                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                    row[i] = Disarmed(reader.GetString(i));
                if (row.Any(f => f.Length > 0))
                    rows.Add(row);
            }
            return new CsvTable(header, rows);
        }
        catch (CsvFormatException e)
        {
            throw new InvalidDataException($"{path} cannot be read as CSV ({e.Message}): save it as CSV again", e);
        }
    }

    /// <summary>
    /// Writes the table to a temporary file and renames it into place. <paramref name="forSpreadsheets"/>: a UTF-8 byte
    /// order mark first, without which Excel reads μ and σ as two strange letters each.
    /// </summary>
    public void Write(string path, bool forSpreadsheets = false) =>
        AtomicFile.Write(path, stream => WriteTo(stream, forSpreadsheets ? ForSpreadsheets : Plain));

    /// <summary>The table as the text <see cref="Write"/> writes, without a byte order mark.</summary>
    public string Text()
    {
        using var stream = new MemoryStream();
        WriteTo(stream, Plain);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void WriteTo(Stream stream, CsvWriterOptions options)
    {
        // Every record as wide as the widest: RFC 4180 wants one field count, and a row's missing fields are empty.
        var width = Math.Max(Header.Count, Rows.Count == 0 ? 0 : Rows.Max(r => r.Count));
        using var writer = CsvWriter.Create(stream, options, leaveOpen: true);
        foreach (var row in Rows.Prepend(Header))
            writer.WriteRecord([.. row, .. Enumerable.Repeat("", width - row.Count)]);
    }

    // What the writer's escape put in front of a possible formula comes off when read back.
    private static string Disarmed(string field) =>
        field.Length > 1 && field[0] == '\'' && Plain.InjectionCharacters.Contains(field[1]) ? field[1..] : field;
}
