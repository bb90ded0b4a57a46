using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>Choosing a device on a machine with or without a GPU: auto falls back, cuda explains itself.</summary>
public class DeviceTests
{
    [Fact]
    public void AutoIsCudaWhenVisibleElseCpu()
    {
        var expected = torch.cuda.is_available() ? new Device(DeviceType.CUDA, 0) : Device.CPU;
        Assert.Equal(expected, torch.device("auto"));
    }

    [CpuOnlyFact]
    public void AutoIsCpuWithoutAGpu()
    {
        Assert.Equal(Device.CPU, torch.device("auto"));
        Assert.Equal("cpu", torch.device("auto").ToString());
        Assert.Equal(0, torch.cuda.device_count());
    }

    [CpuOnlyFact]
    public void CudaWithoutAGpuSaysHowToGetOne()
    {
        foreach (var spec in new[] { "cuda", "cuda:0", " CUDA:1 " })
        {
            var e = Assert.Throws<TorchException>(() => torch.device(spec));
            Assert.Contains(torch.version, e.Message);
            Assert.Contains("LIBTORCH_DIR=/path/to/libtorch ./setup.sh", e.Message);
            Assert.Contains("GPU section", e.Message);
            Assert.Contains("cpu", e.Message);
        }
    }

    [CpuOnlyFact]
    public void MovingATensorToCudaWithoutAGpuIsAnErrorNotACrash()
    {
        // Bypasses torch.device's check, so the error comes from libtorch itself through the shim.
        using var t = torch.ones([2]);
        var e = Assert.Throws<TorchException>(() => t.to(new Device(DeviceType.CUDA, 0)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.Equal([1f, 1f], t.data<float>());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void UnknownDeviceNamesAreRejected(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => torch.device(spec));
        Assert.Contains("cpu, cuda, cuda:N or auto", e.Message);
    }
}
