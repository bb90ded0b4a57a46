using TorchSharp;
using Vae.Data;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;

namespace Vae.Tests;

/// <summary>
/// A fact that needs a CUDA device. Where libtorch sees none (always with the TorchSharp-cpu build) it is
/// skipped, and the runner prints why instead of silently passing.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (CudaAvailability.Absent is { } reason) Skip = reason;
    }
}

/// <summary>A fact about the CPU-only case (e.g. the message for --device cuda); skipped where a GPU is visible.</summary>
public sealed class CpuOnlyFactAttribute : FactAttribute
{
    public CpuOnlyFactAttribute()
    {
        if (CudaAvailability.Absent is null) Skip = $"libtorch {torch.__version__} sees a CUDA device; this test is about a machine without one";
    }
}

internal static class CudaAvailability
{
    // Asked once: attributes are constructed for every test at discovery.
    private static readonly Lazy<string?> reason = new(() =>
    {
        try
        {
            return torch.cuda.is_available()
                ? null
                : $"no CUDA device visible to libtorch {torch.__version__} (a TorchSharp-cpu build has no CUDA; see the README's GPU section)";
        }
        catch (Exception e) when (e is DllNotFoundException or TorchLoadException or TypeInitializationException)
        {
            // libtorch that does not load fails every other libtorch test loudly; here it only explains the skip.
            return $"TorchSharp's native library could not be loaded to look for CUDA: {e.Message}";
        }
    });

    /// <summary>Why CUDA tests cannot run here, or null when a CUDA device is visible.</summary>
    internal static string? Absent => reason.Value;
}
