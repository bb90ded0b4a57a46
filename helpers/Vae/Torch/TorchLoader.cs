using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vae.Core;

namespace Vae.Torch;

/// <summary>
/// Makes TorchSharp's native part load before TorchSharp first initializes, on every host that uses this
/// assembly: the `vae` command, the tests, and a notebook kernel that <c>#r</c>s Vae.dll from its build folder.
/// <para>
/// TorchSharp 0.107's libLibTorchSharp.so was linked by GCC 13 and asks for GLIBCXX_3.4.32 for one symbol
/// (<c>std::ios_base_library_init</c>) that no relocation uses; Debian 12's libstdc++ stops at 3.4.30. Where the
/// running libstdc++ lacks a version the file asks for, a copy with that requirement marked weak is written into
/// this assembly's build folder (or, where the user may not write there, the user's data folder; never the NuGet
/// cache) and loaded instead. If TorchSharp's own load failed, it
/// would copy ~480 MB of libraries into the NuGet cache and still fail; loading first by full path avoids both.
/// </para>
/// libtorch is loaded by full path from where TorchSharp would look (the app's runtimes folder), else from the NuGet
/// packages this assembly was built against; TorchSharp then finds the already-loaded libraries by name.
/// </summary>
public static class TorchLoader
{
    private static readonly object Gate = new();
    private static bool loaded;

    /// <summary>The libLibTorchSharp.so that was loaded (TorchSharp's, or our patched copy); null off Linux.</summary>
    public static string? NativeLibraryPath { get; private set; }

    /// <summary>The versions that were marked weak in the copy (empty when TorchSharp's file loads as shipped).</summary>
    public static IReadOnlyList<string> WeakenedVersions { get; private set; } = [];

    // Runs when any type of this assembly is first touched, which every notebook, command and test does before
    // calling TorchSharp. A failure surfaces as a TypeInitializationException whose inner exception says what to do.
#pragma warning disable CA2255 // a library module initializer is the point: it must run before TorchSharp's first P/Invoke
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad() => EnsureLoaded();

    public static void EnsureLoaded()
    {
        if (!OperatingSystem.IsLinux()) return;   // elsewhere TorchSharp's files load as shipped
        lock (Gate)
        {
            if (loaded) return;
            Load();
            loaded = true;
        }
    }

    private static void Load()
    {
        var torchSharp = typeof(TorchSharp.torch).Assembly;
        var build = BuildInfo.Read();
        var libtorchDirectory = LoadLibtorch(torchSharp, build);

        var shipped = FirstExisting("libLibTorchSharp.so",
            libtorchDirectory,
            RuntimesFolder(torchSharp),
            Path.Combine(build.PackageRoot, "torchsharp", build.TorchSharpVersion, "runtimes", "linux-x64", "native"));
        var bytes = File.ReadAllBytes(shipped);
        var stdcxx = LoadedLibrary("libstdc++.so.6");
        var available = stdcxx is null ? [] : ElfVersions.Defined(File.ReadAllBytes(stdcxx));
        var missing = ElfVersions.Required(bytes)
            .Where(r => r.Library == "libstdc++.so.6" && !r.IsWeak && !available.Contains(r.Version)).ToList();

        var path = shipped;
        if (missing.Count > 0 && stdcxx is not null)
        {
            var patched = ElfVersions.WithWeakRequirements(bytes, missing);
            // Beside this build, unless this user may not write there (a workbook built by root, a sealed kernel): then in
            // the user's own data folder, one copy per patched file.
            path = new[] { CompatCopyPath(Path.GetDirectoryName(typeof(TorchLoader).Assembly.Location)!), UserCopyPath(patched) }
                       .FirstOrDefault(candidate => TryWrite(candidate, patched))
                   ?? throw new TorchLoadException(shipped, $"a copy of it with {string.Join(", ", missing.Select(m => m.Version))} marked weak " +
                       "could be written neither beside Vae.dll nor in your data folder", "make the build folder or $HOME writable, or run ./setup.sh as the workbook's owner");
        }
        if (!NativeLibrary.TryLoad(path, out _))
            throw new TorchLoadException(path, DynamicLoaderError(path),
                missing.Count > 0
                    ? $"this system's libstdc++ ({stdcxx}) lacks {string.Join(", ", missing.Select(m => m.Version))}; the weakened copy did not load either. Install a newer libstdc++6 (GCC 13 or later) or report this"
                    : "reinstall the package: delete artifacts/ and run ./setup.sh");
        NativeLibraryPath = path;
        WeakenedVersions = path == shipped ? [] : [.. missing.Select(m => m.Version)];
    }

    /// <summary>Where the patched copy goes beside a build of this assembly in <paramref name="assemblyDirectory"/>.</summary>
    private static string CompatCopyPath(string assemblyDirectory) => Path.Combine(assemblyDirectory, "torchsharp-compat", "libLibTorchSharp.so");

    private static string UserCopyPath(byte[] patched) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "vae", "torchsharp-compat", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(patched))[..16], "libLibTorchSharp.so");

    /// <summary>Makes <paramref name="path"/> hold <paramref name="bytes"/> (written atomically unless it does already); false
    /// where this user may not write there.</summary>
    private static bool TryWrite(string path, byte[] bytes)
    {
        try
        {
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                AtomicFile.Write(path, s => s.Write(bytes));
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the patched copy this process loaded (if it needed one) beside another build of this assembly, the one a
    /// notebook kernel will load from <paramref name="assemblyDirectory"/>: so that a kernel which may not write there (a
    /// graded submission, sealed off with that folder read-only) finds it made. Does nothing when it is there already, or
    /// when this user may not write there.
    /// </summary>
    public static void PrepareCopyFor(string assemblyDirectory)
    {
        EnsureLoaded();
        if (WeakenedVersions.Count == 0 || NativeLibraryPath is not { } loadedCopy)
            return;
        var target = CompatCopyPath(assemblyDirectory);
        if (Path.GetFullPath(target) == Path.GetFullPath(loadedCopy))
            return;
        // Where this user may not write the build folder, each kernel makes its own copy in its home instead.
        TryWrite(target, File.ReadAllBytes(loadedCopy));
    }

    /// <summary>Loads libtorch_cpu (and libtorch, which LibTorchSharp links) and returns their folder.</summary>
    private static string LoadLibtorch(Assembly torchSharp, BuildInfo build)
    {
        // By full path, from where TorchSharp would look: the folders the app's deps.json names, then a runtimes folder
        // beside TorchSharp.dll, then the NuGet cache (a notebook kernel). Never by bare name, which would also find a
        // system libtorch of another version (Debian's libtorch-dev installs libtorch_cpu.so 1.13 on the default path).
        var appFolders = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var file = FirstExisting("libtorch_cpu.so",
            [.. appFolders, RuntimesFolder(torchSharp),
             Path.Combine(build.PackageRoot, build.LibtorchPackage, build.LibtorchVersion, "runtimes", "linux-x64", "native")]);
        var directory = Path.GetDirectoryName(file)!;
        foreach (var library in new[] { file, Path.Combine(directory, "libtorch.so") })
            if (!NativeLibrary.TryLoad(library, out _))
                throw new TorchLoadException(library, DynamicLoaderError(library), "reinstall the package: delete artifacts/ and run ./setup.sh");
        return directory;
    }

    private static string RuntimesFolder(Assembly assembly) =>
        Path.Combine(Path.GetDirectoryName(assembly.Location)!, "runtimes", "linux-x64", "native");

    private static string FirstExisting(string file, params string[] folders) =>
        folders.Select(f => Path.Combine(f, file)).FirstOrDefault(File.Exists)
        ?? throw new TorchLoadException(file, $"it is in none of {string.Join(", ", folders)}",
            "restore the packages: run ./setup.sh (or dotnet restore) so that TorchSharp-cpu is in the NuGet cache");

    /// <summary>The file behind a library this process has mapped (e.g. the libstdc++ the runtime itself uses).</summary>
    internal static string? LoadedLibrary(string fileName) =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 6)
            .Select(parts => parts[5].Trim())
            .FirstOrDefault(path => Path.GetFileName(path).StartsWith(fileName, StringComparison.Ordinal));

    // NativeLibrary.TryLoad drops dlerror's text, which is the one line that says what is missing.
    private static string DynamicLoaderError(string path)
    {
        var handle = dlopen(path, 2 /* RTLD_NOW */);
        if (handle != IntPtr.Zero) return "it loads when opened directly, but not through .NET";
        return Marshal.PtrToStringUTF8(dlerror()) ?? "the dynamic loader gave no reason";
    }

    [DllImport("libc.so.6", EntryPoint = "dlopen")] private static extern IntPtr dlopen(string file, int mode);
    [DllImport("libc.so.6", EntryPoint = "dlerror")] private static extern IntPtr dlerror();

    /// <summary>What the build recorded about the packages (see Vae.csproj): where they were restored, which versions.</summary>
    private sealed record BuildInfo(string PackageRoot, string TorchSharpVersion, string LibtorchPackage, string LibtorchVersion)
    {
        public static BuildInfo Read()
        {
            var metadata = typeof(TorchLoader).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .ToDictionary(a => a.Key, a => a.Value ?? "");
            string Get(string key) => metadata.GetValueOrDefault(key) is { Length: > 0 } v ? v
                : throw new TorchLoadException("Vae.dll", $"the build did not record {key}", "rebuild: ./setup.sh");
            var root = Settings.NuGetPackages ?? Get("NuGetPackageRoot");
            return new BuildInfo(root, Get("TorchSharpVersion"), Get("LibtorchPackage"), Get("LibtorchVersion"));
        }
    }
}

/// <summary>TorchSharp's native libraries could not be loaded; the message names the file, the cause and the fix.</summary>
public sealed class TorchLoadException(string file, string cause, string fix)
    : Exception($"TorchSharp cannot load {file}: {cause}. Fix: {fix}.")
{
    public string File { get; } = file;
}
