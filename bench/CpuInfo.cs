namespace Vae.Bench;

/// <summary>What the figures were measured on: the CPU's model name and the vector extensions libtorch's kernels use.</summary>
internal static class CpuInfo
{
    private static readonly string[] Extensions = ["avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16", "amx_tile"];

    public static string Describe()
    {
        var lines = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var flags = Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var found = Extensions.Where(flags.Contains).ToList();
        return $"CPU: {Field("model name")}, {Environment.ProcessorCount} core(s); vector extensions: {(found.Count > 0 ? string.Join(" ", found) : "none of " + string.Join(" ", Extensions))}" +
               (flags.Contains("avx512_bf16") || flags.Contains("amx_bf16") ? "" : " (no native bfloat16)");
    }
}
