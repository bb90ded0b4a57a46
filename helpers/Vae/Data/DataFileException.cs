namespace Vae.Data;

/// <summary>A data file that is missing or not what it should be; the message names the file and the fix.</summary>
public sealed class DataFileException(string path, string problem, string fix)
    : Exception($"{path}: {problem}. {fix}")
{
    public string Path { get; } = path;
}
