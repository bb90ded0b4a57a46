using System.Text;

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

    /// <summary>
    /// Writes a notebook as Polyglot Notebooks saves one (#!meta, then a "#!kernel" line before each cell);
    /// a cell starting with "md:" is markdown, any other is C#.
    /// </summary>
    public string Write(string fileName, params string[] cells)
    {
        var text = new StringBuilder("#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[],\"name\":\"csharp\"}]}}\n\n");
        foreach (var cell in cells)
        {
            var (kernel, source) = cell.StartsWith("md:", StringComparison.Ordinal) ? ("markdown", cell[3..]) : ("csharp", cell);
            text.Append($"#!{kernel}\n\n{source}\n\n");
        }
        return WriteText(fileName, text.ToString());
    }

    /// <summary>Writes any text under the folder (a broken notebook, a file of another kind).</summary>
    public string WriteText(string fileName, string text)
    {
        var path = Path.Combine(Folder, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
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
