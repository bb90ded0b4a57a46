using System.CommandLine;
using Vae.Models;

namespace Vae.Cli.Commands;

/// <summary>The options several commands take, declared once so that each reads and defaults the same everywhere.</summary>
public static class Options
{
    public static Argument<string> Checkpoint() => new("checkpoint") { Description = "A run folder written by `vae train` (or its checkpoint.json)." };

    public static Option<string> Device() => new("--device") { Description = "cpu, cuda, cuda:N, or auto (CUDA when available).", DefaultValueFactory = _ => "auto" };

    public static Option<long> Seed(string what) => new("--seed") { Description = $"Seed for {what}.", DefaultValueFactory = _ => 1 };

    public static Option<int?> Subset(string what) => new Option<int?>("--subset") { Description = $"Use the first N {what} only." }.AtLeast(1);

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

    /// <summary>Refuses, as a parse error, a number below <paramref name="min"/>: "--subset must be at least 1, got 0."
    /// (<paramref name="why"/>, if any, goes before the comma).</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, int min, string why = "") =>
        option.Refusing(value => value is int n && n < min ? $"{option.Name} must be at least {min}{why}, got {n}." : null);

    /// <summary>Refuses, as a parse error, a number outside <paramref name="min"/> … <paramref name="max"/>: "--n must lie in 1 … 4096, got 0."</summary>
    public static Option<T> InRange<T>(this Option<T> option, int min, int max) =>
        option.Refusing(value => value is int n && (n < min || n > max) ? $"{option.Name} must lie in {min} … {max}, got {n}." : null);

    /// <summary>
    /// Makes a value that <paramref name="problem"/> finds fault with (its words; null: none) a parse error, which
    /// <see cref="Cli.RunAsync"/> reports before the command runs, as it does a value of the wrong type.
    /// </summary>
    public static Option<T> Refusing<T>(this Option<T> option, Func<T?, string?> problem)
    {
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;   // not a T at all ("--n abc"): the parser says so after the validators, which run first
            }
            if (problem(value) is { } message) result.AddError(message);
        });
        return option;
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
