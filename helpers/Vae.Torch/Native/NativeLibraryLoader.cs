using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.Torch.Native;

/// <summary>
/// Finds libvaetorch.so beside this assembly (where the build copies it), so tests, the CLI and a
/// notebook's #r need no LD_LIBRARY_PATH, and configures libtorch's threads before first use.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "vaetorch";
    internal const string SetupHint = "run ./setup.sh from the repository root to build it";

    // A resolver must be in place before the first P/Invoke, whichever type a caller touches first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var directory = Path.GetDirectoryName(assembly.Location);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            candidates.Add(Path.Combine(directory, "libvaetorch.so"));
            candidates.Add(Path.Combine(directory, "runtimes", "linux-x64", "native", "libvaetorch.so"));
        }
        foreach (var path in candidates.Where(File.Exists))
        {
            PrepareThreading();
            var library = NativeLibrary.Load(path);
            UseEveryCore(library);
            return library;
        }
        throw new DllNotFoundException(
            $"The native libtorch shim libvaetorch.so was not found (looked in {string.Join(", ", candidates)}); {SetupHint}.");
    }

    /// <summary>
    /// libtorch's element-wise ops run on an OpenMP pool and its matrix products on OpenBLAS's own
    /// threads. With both pools spinning after each call they fight for the same cores, which costs
    /// PyTorch about half its speed on this model. OpenMP reads OMP_WAIT_POLICY only when it loads,
    /// so it is set here, just before libtorch is loaded, unless the user chose a value.
    /// </summary>
    private static void PrepareThreading()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    /// <summary>
    /// Debian's libtorch starts with one intra-op thread even on several cores; every process of
    /// ours starts with one per core instead (OMP_NUM_THREADS, if set, wins; torch.set_num_threads
    /// changes it later). Called through the export, not a P/Invoke: the library is still being resolved.
    /// </summary>
    private static unsafe void UseEveryCore(IntPtr library)
    {
        if (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is not null) return;
        var setNumThreads = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "vt_set_num_threads");
        setNumThreads(Environment.ProcessorCount);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
