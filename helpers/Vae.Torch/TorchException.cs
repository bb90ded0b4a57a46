using System.Runtime.InteropServices;
using Vae.Torch.Native;

namespace Vae.Torch;

/// <summary>An error raised inside libtorch (or by the binding's own checks), with libtorch's message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }

    internal static TorchException FromNative()
    {
        var message = Marshal.PtrToStringUTF8(NativeMethods.vt_last_error());
        return new TorchException(string.IsNullOrWhiteSpace(message) ? "libtorch reported an error without a message" : message.Trim());
    }
}
