using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Torch;

/// <summary>Choosing a device on a machine with or without a GPU: auto falls back, cuda explains itself.</summary>
public class DeviceTests
{
    [CpuOnlyFact]
    public void AutoIsTheCpu_WithoutAGpu() => Assert.Equal(DeviceType.CPU, Devices.Parse("auto").type);

    [CudaFact]
    public void AutoIsTheFirstGpu_WhereThereIsOne()
    {
        var device = Devices.Parse("auto");
        Assert.Equal((DeviceType.CUDA, 0), (device.type, device.index));
    }

    [CpuOnlyFact]
    public void CudaWithoutAGpuSaysHowToGetOne()
    {
        foreach (var spec in new[] { "cuda", "cuda:0", " CUDA:1 " })
        {
            var e = Assert.Throws<DeviceNotAvailableException>(() => Devices.Parse(spec));
            Assert.Contains("TorchSharp-cpu", e.Message);
            Assert.Contains("TorchSharp-cuda-linux", e.Message);
            Assert.Contains("GPU section", e.Message);
            Assert.Contains("use the device cpu or auto", e.Message);
        }
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void UnknownDeviceNamesAreRejected(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.Parse(spec));
        Assert.Contains("cpu, cuda, cuda:N or auto", e.Message);
    }
}
