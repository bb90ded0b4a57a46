using System.CommandLine;
using Vae.Models;

namespace Vae.Cli.Commands;

/// <summary>The options several commands take, declared once so that each reads and defaults the same everywhere.</summary>
public static class Options
{
    public static Argument<string> Checkpoint() => new("checkpoint") { Description = "A run folder written by `vae train` (or its checkpoint.json)." };

    public static Option<string> Device() => new("--device") { Description = "cpu, cuda, cuda:N, or auto (CUDA when available).", DefaultValueFactory = _ => "auto" };

    public static Option<long> Seed(string what) => new("--seed") { Description = $"Seed for {what}.", DefaultValueFactory = _ => 1 };

    public static Option<int?> Subset(string what) => new("--subset") { Description = $"Use the first N {what} only." };

    public static Option<int> Threads() => new("--threads") { Description = "libtorch CPU threads (0: one per core).", DefaultValueFactory = _ => 0 };

    public static Option<ModelKind> Model() => Choice<ModelKind>("--model", "Architecture: mlp (the lecture's 784-500-500) or conv (convolutional with batch norm).");

    public static Option<int> Z() => new("--z") { Description = "Latent dimensions.", DefaultValueFactory = _ => 2 };

    public static Option<int[]> Hidden() => new("--hidden")
    {
        // The default is ModelConfig's, read where the option is absent (see ModelConfig below): as a default value the
        // help would print it as 500|500.
        Description = $"MLP hidden sizes, comma-separated. [default: {string.Join(",", new ModelConfig().Hidden)}]",
        CustomParser = result =>
        {
            var text = string.Join(",", result.Tokens.Select(t => t.Value));
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var sizes = parts.Select(p => int.TryParse(p, out var v) && v >= 1 ? v : 0).ToArray();
            if (sizes.Length == 0 || sizes.Contains(0)) result.AddError($"--hidden takes positive integers separated by commas (e.g. 500,500), got '{text}'.");
            return sizes;
        },
    };

    public static Option<SigmaHead> Sigma() => Choice<SigmaHead>("--sigma", "How the encoder outputs σ: softplus (the lecture's) or logvar.");

    /// <summary>
    /// An option whose values are an enum's names as users type them (mlp, conv; any case). Absent, it is the enum's zero
    /// value (its first member), which the help names as the default in that spelling.
    /// </summary>
    public static Option<T> Choice<T>(string name, string description) where T : struct, Enum
    {
        var names = Enum.GetNames<T>();
        return new(name)
        {
            Description = $"{description} [default: {default(T).ToString().ToLowerInvariant()}]",
            HelpName = string.Join("|", names).ToLowerInvariant(),
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (names.FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } match) return Enum.Parse<T>(match);
                result.AddError($"{name} takes {string.Join(" or ", names).ToLowerInvariant()}, got '{text}'.");
                return default;
            },
        };
    }

    /// <summary>The model the architecture options describe.</summary>
    public static ModelConfig ModelConfig(ParseResult parsed, Option<ModelKind> model, Option<int> z, Option<int[]> hidden, Option<SigmaHead> sigma) => new()
    {
        Kind = parsed.GetValue(model),
        Z = parsed.GetValue(z),
        Hidden = parsed.GetValue(hidden) is { Length: > 0 } sizes ? sizes : new ModelConfig().Hidden,   // absent: empty
        Sigma = parsed.GetValue(sigma),
    };

    /// <summary>The flag of a configuration property, e.g. BatchSize → --batch-size, Model.Z → --z.</summary>
    public static string Flag(string property) =>
        "--" + string.Concat(property.Split('.')[^1].Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
