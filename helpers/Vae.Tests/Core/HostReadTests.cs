using System.Text.RegularExpressions;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Core;

namespace Vae.Tests.Core;

/// <summary>
/// TorchSharp's data&lt;T&gt;() cannot read a GPU tensor: values reach managed memory through Tensors.ToArray alone, which
/// moves them to the CPU first. A read that bypasses it would stop a notebook or a command on a GPU.
/// </summary>
public class HostReadTests
{
    [Fact]
    public void NoCodeReadsTensorValuesAroundTheOneHostReadPath()
    {
        var allowed = Path.Combine(Repository.Root, "helpers", "Vae.Core", "Tensors.cs");
        var files = Directory.EnumerateFiles(Path.Combine(Repository.Root, "helpers"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "notebooks"), "*.dib"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "bench"), "*.cs"))
            .ToList();
        Assert.True(files.Count > 50, $"only {files.Count} files found under {Repository.Root}");
        var reads = files.Where(f => f != allowed && f != ThisFile())
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(r => Regex.IsMatch(r.line, @"\.data\s*<"))
            .Select(r => $"{Path.GetRelativePath(Repository.Root, r.f)}:{r.i + 1}: {r.line.Trim()}")
            .ToList();
        Assert.True(reads.Count == 0, "data<T>() outside Tensors.ToArray:\n" + string.Join("\n", reads));
        Assert.Contains(".data<T>()", File.ReadAllText(allowed));
    }

    [Fact]
    public void ToArray_ReadsAnyDtypeAndLayout_AsTheAskedType()
    {
        using var scope = NewDisposeScope();
        var t = arange(6, int64).reshape(2, 3).t();                        // not contiguous
        Assert.Equal([0L, 3, 1, 4, 2, 5], t.ToArray<long>());
        Assert.Equal([0f, 3, 1, 4, 2, 5], t.ToArray<float>());             // converted
        Assert.Equal([false, true], tensor(new[] { 0.0, 2.5 }).ToArray<bool>());
        var graph = ones(2).requires_grad_() * 3;                           // part of an autograd graph
        Assert.Equal([3.0, 3.0], graph.ToArray<double>());
        Assert.Throws<NotSupportedException>(() => t.ToArray<decimal>());
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
