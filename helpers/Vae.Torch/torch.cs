using System.Runtime.InteropServices;
using Vae.Torch.Native;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

/// <summary>
/// The torch namespace of PyTorch: tensor creation, seeds, threads, devices, grad mode.
/// <c>using static Vae.Torch.torch;</c> brings in <c>randn</c>, <c>nn</c>, <c>optim</c> as in TorchSharp.
/// </summary>
public static unsafe partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The libtorch version the native shim was built against, e.g. "1.13.0".</summary>
    public static string version => Marshal.PtrToStringUTF8(vt_torch_version()) ?? "unknown";

    /// <summary>Seeds libtorch's CPU generator and every CUDA generator.</summary>
    public static void manual_seed(long seed) => Check(vt_manual_seed(unchecked((ulong)seed)));

    public static int get_num_threads() => vt_get_num_threads();

    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"the thread count must be at least 1, got {threads}");
        Check(vt_set_num_threads(threads));
    }

    /// <summary>"cpu", "cuda", "cuda:N", or "auto" (CUDA when libtorch sees a GPU, else CPU).</summary>
    public static Device device(string spec) => Device.Parse(spec);

    public static class cuda
    {
        public static bool is_available() => vt_cuda_is_available() != 0;
        public static int device_count() => vt_cuda_device_count();

        /// <summary>Waits until the GPU has finished all queued work (for timing); an error without CUDA.</summary>
        public static void synchronize(int device = -1) => Check(vt_cuda_synchronize(device));
    }

    // ---- grad mode ----

    public static bool is_grad_enabled() => vt_grad_enabled() != 0;

    /// <summary>Disables gradient recording on this thread until disposed: <c>using (torch.no_grad()) { … }</c>.</summary>
    public static IDisposable no_grad() => new GradMode(false);

    public static IDisposable enable_grad() => new GradMode(true);

    private sealed class GradMode : IDisposable
    {
        private readonly bool previous = vt_grad_enabled() != 0;
        private bool disposed;

        public GradMode(bool enabled) => vt_set_grad_enabled(enabled ? 1 : 0);

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            vt_set_grad_enabled(previous ? 1 : 0);
        }
    }

    /// <summary>Opens a dispose scope on this thread: <c>using var scope = torch.NewDisposeScope();</c>.</summary>
    public static DisposeScope NewDisposeScope() => new();
}
