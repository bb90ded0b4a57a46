namespace Vae;

/// <summary>
/// A configuration property holds a value that cannot work. <see cref="Property"/> names it (e.g. "Epochs"), so that
/// the `vae` command can name its flag instead and a checkpoint its field; <see cref="Problem"/> says why.
/// </summary>
public sealed class ConfigurationException(string property, string problem) : ArgumentException($"{property} {problem}.")
{
    public string Property { get; } = property;
    public string Problem { get; } = problem;
}
