using System.Runtime.InteropServices;
using Vae.Data;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;
using static TorchSharp.torch;

namespace Vae.Tests.Torch;

/// <summary>TorchSharp loads on this system: the version check, the weakened copy where one is needed, a real load.</summary>
public class TorchLoaderTests
{
    private static string Shipped => Path.Combine(NuGet, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string NuGet => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
        ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    [Fact]
    public void TorchSharpsNativeLibrary_AsksForGlibcxx3432_FromLibstdcxx()
    {
        var required = ElfVersions.Required(File.ReadAllBytes(Shipped));
        var need = Assert.Single(required, r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.False(need.IsWeak);
        Assert.Contains(required, r => r.Library == "libc.so.6" && r.Version == "GLIBC_2.2.5");
    }

    [Fact]
    public void TheWeakenedCopy_DiffersOnlyInTheFlagsOfTheMissingVersions()
    {
        var original = File.ReadAllBytes(Shipped);
        var missing = ElfVersions.Required(original).Where(r => r.Version == "GLIBCXX_3.4.32").ToList();
        var copy = ElfVersions.WithWeakRequirements(original, missing);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != copy[i]).ToList();
        Assert.Equal([missing[0].FlagsOffset], changed);
        Assert.True(Assert.Single(ElfVersions.Required(copy), r => r.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.Equal(original, File.ReadAllBytes(Shipped));   // the package's own file is never touched
    }

    [Fact]
    public void TheLoadedLibrary_IsTheShippedOneOrACopyInTheBuildOutput_AndItComputes()
    {
        TorchLoader.EnsureLoaded();
        var stdcxx = File.ReadAllBytes(TorchLoader.LoadedLibrary("libstdc++.so.6")!);
        var lacks = !ElfVersions.Defined(stdcxx).Contains("GLIBCXX_3.4.32");
        if (lacks)
        {
            Assert.Equal(["GLIBCXX_3.4.32"], TorchLoader.WeakenedVersions);
            Assert.StartsWith(Path.GetDirectoryName(typeof(TorchLoader).Assembly.Location)!, TorchLoader.NativeLibraryPath);
        }
        else Assert.Empty(TorchLoader.WeakenedVersions);
        Assert.DoesNotContain(NuGet, TorchLoader.NativeLibraryPath!.Replace(Path.Combine(NuGet, "torchsharp"), "(shipped)"));
        // libtorch 2.10 from TorchSharp's package, never a system libtorch that happens to be on the default path.
        var libtorch = TorchLoader.LoadedLibrary("libtorch_cpu.so")!;
        Assert.StartsWith(Path.GetDirectoryName(typeof(TorchLoaderTests).Assembly.Location)!, libtorch);
        using var scope = NewDisposeScope();
        Assert.Equal(6f, (ones(3) * 2).sum().item<float>());
        Assert.StartsWith("2.10", __version__);
        // TorchSharp's own fallback copies its libraries here when its load fails; ours must have come first.
        Assert.False(Directory.Exists(Path.Combine(NuGet, "torchsharp", "0.107.0", "lib", "net8.0", "cpu")));
    }

    [Fact]
    public void NotAnElfFile_IsAClearError()
    {
        Assert.Contains("not an ELF file", Assert.Throws<InvalidDataException>(() => ElfVersions.Required(new byte[100])).Message);
        var elf32 = new byte[100];
        elf32[0] = 0x7f; elf32[1] = (byte)'E'; elf32[2] = (byte)'L'; elf32[3] = (byte)'F'; elf32[4] = 1; elf32[5] = 1;
        Assert.Contains("64-bit little-endian", Assert.Throws<InvalidDataException>(() => ElfVersions.Defined(elf32)).Message);
    }

    [Fact]
    public void TheRunningLibstdcxx_DefinesItsVersions()
    {
        var defined = ElfVersions.Defined(File.ReadAllBytes(TorchLoader.LoadedLibrary("libstdc++.so.6")!));
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("GLIBCXX_3.4.30", defined);
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux));
    }
}
