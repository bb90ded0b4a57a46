using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Torch;

/// <summary>Chooses the device a run lives on, from the text a user gives (a --device flag, VAE_DEVICE).</summary>
public static class Devices
{
    /// <summary>"cpu", "cuda", "cuda:N", or "auto" (CUDA when TorchSharp sees a GPU, else the CPU).</summary>
    public static Device Parse(string spec)
    {
        var s = spec.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "auto") return cuda.is_available() ? new Device(DeviceType.CUDA, 0) : CPU;
        if (s == "cuda") return Require(0, spec);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s[5..], out var i) && i >= 0) return Require(i, spec);
        throw new ArgumentException($"Unknown device '{spec}'. Use cpu, cuda, cuda:N or auto (CUDA when available, else the CPU).");
    }

    private static Device Require(int index, string spec)
    {
        var count = cuda.is_available() ? cuda.device_count() : 0;
        if (count == 0)
            throw new DeviceNotAvailableException(
                $"Device '{spec}' was requested but TorchSharp sees no CUDA GPU (this build uses {TorchPackage}). On a machine with " +
                "an NVIDIA GPU, build against TorchSharp-cuda-linux (the README's GPU section); here, use the device cpu or auto.");
        if (index >= count)
            throw new DeviceNotAvailableException($"Device '{spec}' was requested but only {count} CUDA device(s) are visible (cuda:0 … cuda:{count - 1}).");
        return new Device(DeviceType.CUDA, index);
    }

    /// <summary>The TorchSharp package this assembly was built with (TorchSharp-cpu or TorchSharp-cuda-linux).</summary>
    public static string TorchPackage =>
        typeof(Devices).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchSharpPackage")?.Value ?? "TorchSharp";
}

/// <summary>A device was asked for that this machine or this build does not have; the message says how to get it.</summary>
public sealed class DeviceNotAvailableException(string message) : Exception(message);
