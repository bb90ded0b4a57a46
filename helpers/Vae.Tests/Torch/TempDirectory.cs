namespace Vae.Tests.Torch;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on Dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vae-torch-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the files now in the directory, sorted.</summary>
    public string[] FileNames() => Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order().ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
