using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vae.Core;

namespace Vae.Bench;

/// <summary>
/// Runs bench/pytorch_reference.py with Debian's python3-torch in a child process and reads its
/// JSON lines. The child's OpenMP wait policy is chosen explicitly, so both PyTorch's default and
/// PyTorch with our setting can be quoted.
/// </summary>
internal sealed class PyTorchReference(string python, string script)
{
    /// <summary>The reference run by <paramref name="python"/>, or null and why not.</summary>
    public static PyTorchReference? Find(string python, out string problem)
    {
        var script = Path.Combine(Repository.Root, "bench", "pytorch_reference.py");
        problem = "";
        if (!File.Exists(script))
        {
            problem = $"{script} is missing";
            return null;
        }
        var probe = Run(python, ["-c", "import torch, numpy; print(torch.__version__)"], passiveOmp: false, out var output);
        if (probe != 0)
        {
            problem = $"PyTorch is not importable by {python} (install Debian's python3-torch, which ./setup.sh does, or set VAE_PYTHON)";
            return null;
        }
        var reference = new PyTorchReference(python, script) { Version = output.Trim() };
        return reference;
    }

    public string Version { get; private init; } = "";
    public string Python => python;
    public string Script => script;

    public List<JsonObject> Call(IEnumerable<string> arguments, bool passiveOmp)
    {
        var code = Run(python, [script, .. arguments], passiveOmp, out var output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();
        if (code != 0 || lines.Count == 0)
            throw new InvalidOperationException($"the PyTorch reference failed (exit {code}): {output.Trim()}");
        return lines;
    }

    private static int Run(string file, IEnumerable<string> arguments, bool passiveOmp, out string output)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove("OMP_WAIT_POLICY");
        if (passiveOmp) start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        start.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) output += stderr.Result;
        return process.ExitCode;
    }

    internal static double Number(JsonObject o, string name) => o[name]!.GetValue<double>();

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
}
