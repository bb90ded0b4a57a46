using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

/// <summary>A temporary folder holding small synthetic .dib notebooks, deleted afterwards.</summary>
internal sealed class TempNotebooks : IDisposable
{
    public TempNotebooks()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"vae-notebook-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Writes a notebook; a cell starting with "md:" is markdown, any other is C#.</summary>
    public string Write(string fileName, params string[] cells)
    {
        var document = new NotebookDocument(DibFormat.DefaultMetadataJson,
            cells.Select(c => c.StartsWith("md:", StringComparison.Ordinal)
                ? new NotebookCell(DibFormat.MarkdownKernel, c[3..])
                : new NotebookCell(DibFormat.CSharpKernel, c)).ToList());
        var path = Path.Combine(Folder, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, DibFormat.Write(document));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }
}

/// <summary>Where the build put things, found from the test assembly (artifacts/bin/Vae.Tests/release/).</summary>
internal static class BuildOutput
{
    public static string Artifacts => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));

    public static string Binary(string project, string file) => Path.Combine(Artifacts, "bin", project, "release", file);
}
