using Vae.Core;
namespace Vae.Tests;

/// <summary>Locations the tests share: the repository, the built CLI, a fresh temporary folder.</summary>
internal static class TestPaths
{
    public static string Cli => Path.Combine(Repository.Root, "artifacts", "bin", "Vae.Cli", "release", "Vae.Cli.dll");

    public static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "vae-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
