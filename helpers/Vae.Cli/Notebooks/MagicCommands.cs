namespace Vae.Cli.Notebooks;

/// <summary>
/// Polyglot magic commands (<c>#!time</c>, <c>#!about</c>, ...) are lines the kernel handles, not C#.
/// The runner times every cell anyway, so it blanks them (keeping line numbers) and notes any it cannot honour.
/// </summary>
internal static class MagicCommands
{
    public static string Strip(string source, Action<string> warn)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (!line.StartsWith("#!", StringComparison.Ordinal))
            {
                continue;
            }
            if (!line.StartsWith("#!time", StringComparison.Ordinal))
            {
                warn($"line {i + 1}: magic command '{line.TrimEnd()}' ignored by the headless runner");
            }
            lines[i] = "";
        }
        return string.Join('\n', lines);
    }
}
