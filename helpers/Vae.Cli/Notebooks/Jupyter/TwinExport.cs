using System.Text;
using Vae.Internal;

namespace Vae.Cli.Notebooks;

/// <summary>What exporting one notebook did.</summary>
public enum TwinState
{
    /// <summary>The twin already held exactly what the .dib gives.</summary>
    Unchanged,
    /// <summary>The twin was written (new or changed).</summary>
    Written,
    /// <summary>Checking only: the twin is missing or differs from what the .dib gives.</summary>
    OutOfDate,
}

/// <summary>
/// The .ipynb twin of each .dib notebook, beside it (<c>notebooks/01-implementation.dib</c> →
/// <c>notebooks/01-implementation.ipynb</c>): generated from the .dib, which stays the one source.
/// </summary>
public static class TwinExport
{
    /// <summary>The workbook's notebooks: every .dib in the repository's notebooks/ folder, in name order.</summary>
    public static IReadOnlyList<string> WorkbookNotebooks() =>
        [.. Directory.GetFiles(Path.Combine(KernelTool.ManifestRoot, "notebooks"), "*" + DibReader.Extension).Order(StringComparer.Ordinal)];

    public static string TwinPath(string dibPath) => Path.ChangeExtension(dibPath, IpynbWriter.Extension);

    /// <summary>What the twin of the .dib at <paramref name="dibPath"/> must hold, byte for byte.</summary>
    /// <exception cref="InvalidDataException">The .dib is not a readable notebook.</exception>
    public static byte[] Expected(string dibPath) => Encoding.UTF8.GetBytes(IpynbWriter.Twin(DibReader.Load(dibPath)));

    /// <summary>Writes the twin if it differs (atomically), or with <paramref name="checkOnly"/> only compares.</summary>
    public static TwinState Export(string dibPath, bool checkOnly)
    {
        var expected = Expected(dibPath);
        var twin = TwinPath(dibPath);
        if (File.Exists(twin) && File.ReadAllBytes(twin).AsSpan().SequenceEqual(expected))
            return TwinState.Unchanged;
        if (checkOnly)
            return TwinState.OutOfDate;
        AtomicFile.Write(twin, stream => stream.Write(expected));
        return TwinState.Written;
    }
}
