namespace Vae.Notebooks.Grading;

/// <summary>
/// What a sealed kernel needs of the grader's machine to start .NET: the program search path, the SDK (DOTNET_ROOT where
/// set), the NuGet cache and the .NET CLI's home (its tool resolver cache). The `vae` command reads them from its environment.
/// </summary>
public sealed record KernelHost(string SearchPath, string? DotnetRoot, string NuGetPackages, string DotnetCliHome)
{
    /// <summary>A machine with .NET in /usr/bin and the user's caches under the home folder.</summary>
    public static KernelHost Default { get; } = new("/usr/local/bin:/usr/bin:/bin", null,
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile));
}
