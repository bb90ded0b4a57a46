using Vae.Core;
namespace Vae.Tests;

/// <summary>Locations the tests share: the repository, the built CLI, a fresh temporary folder.</summary>
internal static class TestPaths
{
    public static string Cli => Path.Combine(Repository.Root, "artifacts", "bin", "Vae.Cli", "release", "Vae.Cli.dll");

    /// <summary>A fresh folder under the temporary folder's vae-tests-&lt;user&gt;/: each user's own, as on a machine that several
    /// users test on one user cannot create folders in another's.</summary>
    public static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vae-tests-{Environment.UserName}", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
