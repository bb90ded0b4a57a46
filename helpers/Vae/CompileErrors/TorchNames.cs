using System.Reflection;
using TorchSharp;

namespace Vae.CompileErrors;

/// <summary>
/// What TorchSharp and the workbook call things, read from the assemblies themselves, so that an explanation can say
/// "Tensor has sigmoid, not Sigmoid" or "softplus lives in nn.functional" without a list that goes stale.
/// </summary>
internal static class TorchNames
{
    /// <summary>The methods the lecture's own classes have (a student's VAE is compiled in the notebook, out of reach).</summary>
    private static readonly string[] LectureMethods = ["encode", "decode", "reparameterize", "forward", "compute_elbo", "training_step", "decode_grid", "evaluate"];

    private static readonly Lazy<IReadOnlyList<Type>> TorchTypes = new(() =>
        [.. typeof(torch).Assembly.GetExportedTypes(), .. typeof(TorchNames).Assembly.GetExportedTypes()]);

    /// <summary>The TorchSharp or workbook type a compiler message names ("torch.Tensor", "torch.nn.Reduction", "torch"), or null.</summary>
    public static Type? Resolve(string displayName)
    {
        var name = displayName.TrimEnd('?');
        return TorchTypes.Value.FirstOrDefault(t => Dotted(t) == name || Dotted(t).EndsWith("." + name, StringComparison.Ordinal));
    }

    /// <summary>The public member names of a type (static and instance; an enum's values among them).</summary>
    public static IEnumerable<string> Members(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.FlattenHierarchy)
            .Where(m => m is MethodInfo { IsSpecialName: false } or PropertyInfo or FieldInfo)
            .Select(m => m.Name).Distinct();

    /// <summary>Members a student's own class may be meant to have: the lecture's methods and a module's.</summary>
    public static IEnumerable<string> ModelMembers => LectureMethods.Concat(Members(typeof(torch.nn.Module)));

    /// <summary>The functions of <c>nn.functional</c> (softplus, binary_cross_entropy_with_logits, relu …).</summary>
    public static bool IsFunctional(string name) =>
        typeof(torch.nn.functional).GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == name);

    /// <summary>The names <c>using static TorchSharp.torch;</c> brings (randn, arange, stack, meshgrid …).</summary>
    public static IEnumerable<string> TorchFunctions => Members(typeof(torch));

    /// <summary>The parameter names of a TorchSharp method of that name, over all its overloads, in order of first use.</summary>
    public static IReadOnlyList<string> ParametersOf(string method) =>
        [.. new[] { typeof(torch.Tensor), typeof(torch), typeof(torch.nn.functional) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).Where(m => m.Name == method))
            .SelectMany(m => m.GetParameters().Select(p => p.Name ?? ""))
            .Where(p => p.Length > 0).Distinct()];

    /// <summary>
    /// The one candidate the name was probably meant to be: the same letters in another case (Encode → encode), or the
    /// same without underscores (randnlike → randn_like); null when there is none, or more than one.
    /// </summary>
    public static string? Meant(string name, IEnumerable<string> candidates)
    {
        var list = candidates.Where(c => c != name).Distinct().ToList();
        foreach (var same in new Func<string, string>[] { s => s.ToLowerInvariant(), s => s.Replace("_", "").ToLowerInvariant() })
        {
            var matches = list.Where(c => same(c) == same(name)).ToList();
            if (matches.Count == 1)
                return matches[0];
        }
        return null;
    }

    /// <summary>"TorchSharp.torch+Tensor" as C# writes it without its namespace: "torch.Tensor".</summary>
    private static string Dotted(Type type) => type.FullName!.Replace('+', '.') is var full && full.StartsWith("TorchSharp.", StringComparison.Ordinal)
        ? full["TorchSharp.".Length..]
        : full;
}
