using Vae.Torch.Native;

namespace Vae.Torch;

/// <summary>libtorch device kinds, numbered as c10::DeviceType.</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>Where a tensor lives: "cpu", "cuda", "cuda:N". Parse with <see cref="torch.device(string)"/>.</summary>
public readonly record struct Device(DeviceType type, int index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);

    public override string ToString() =>
        type == DeviceType.CPU ? "cpu" : index < 0 ? "cuda" : $"cuda:{index}";

    internal static Device Parse(string spec)
    {
        var s = spec.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "auto") return torch.cuda.is_available() ? Require(new Device(DeviceType.CUDA, 0)) : CPU;
        if (s == "cuda") return Require(new Device(DeviceType.CUDA, 0));
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s[5..], out var i) && i >= 0)
            return Require(new Device(DeviceType.CUDA, i));
        throw new ArgumentException($"Unknown device '{spec}'. Use cpu, cuda, cuda:N or auto (CUDA when available, else CPU).");
    }

    private static Device Require(Device d)
    {
        var count = torch.cuda.device_count();
        if (count == 0)
            throw new TorchException(
                $"Device '{d}' was requested but this libtorch ({torch.version}) sees no CUDA GPU. " +
                "Debian's libtorch is CPU-only: build with a CUDA-enabled libtorch (LIBTORCH_DIR=/path/to/libtorch ./setup.sh, " +
                "see the README's GPU section), or use --device cpu / auto.");
        if (d.index >= count)
            throw new TorchException($"Device '{d}' was requested but only {count} CUDA device(s) are visible (cuda:0 … cuda:{count - 1}).");
        return d;
    }
}
