using System.Text.Json;
using Vae.Core;

namespace Vae.Tests.Setup;

/// <summary>
/// The one switch between the CPU and the CUDA build of TorchSharp (MSBuild property TorchBackend, which
/// `VAE_TORCH=cuda ./setup.sh` passes on). The CUDA package is not in this project's mirror, so what is tested is
/// that the switch changes the reference, evaluated by MSBuild without restoring it.
/// </summary>
public class TorchBackendTests
{
    private static (int Code, string Output) MsBuild(params string[] args)
    {
        var run = ChildProcess.Run("dotnet", ["msbuild", Path.Combine("helpers", "Vae", "Vae.csproj"), .. args], Repository.Root);
        return (run.ExitCode, run.Output + run.Error);
    }

    private static string[] TorchPackages(string backend)
    {
        var (code, output) = MsBuild("-getItem:PackageReference", $"-p:TorchBackend={backend}");
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output).RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(i => $"{i.GetProperty("Identity").GetString()} {i.GetProperty("Version").GetString()}")
            .Where(p => p.StartsWith("TorchSharp-", StringComparison.Ordinal)).ToArray();
    }

    [Fact]
    public void CpuByDefault_CudaBySwitch()
    {
        Assert.Equal(["TorchSharp-cpu 0.107.0"], TorchPackages("cpu"));
        Assert.Equal(["TorchSharp-cuda-linux 0.107.0"], TorchPackages("cuda"));
    }

    [Fact]
    public void AnUnknownBackend_IsABuildErrorNamingIt()
    {
        var (code, output) = MsBuild("-t:CheckTorchBackend", "-p:TorchBackend=rocm");
        Assert.NotEqual(0, code);
        Assert.Contains("TorchBackend must be cpu or cuda, got 'rocm'", output);
    }
}
