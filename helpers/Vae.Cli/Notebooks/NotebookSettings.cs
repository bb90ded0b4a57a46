namespace Vae.Cli.Notebooks;

/// <summary>
/// The VAE_* environment variables a notebook's kernel process gets: those the options set, else what this
/// process has. The runner's own environment and current directory stay as they are.
/// </summary>
internal static class NotebookSettings
{
    public static IReadOnlyDictionary<string, string> For(NotebookRunOptions options)
    {
        var settings = new Dictionary<string, string>();
        void Set(string name, string? value)
        {
            if ((value ?? Environment.GetEnvironmentVariable(name)) is { } v)
                settings[name] = v;
        }
        Set("VAE_EPOCHS", options.Epochs?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("VAE_SUBSET", options.Subset?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("VAE_DEVICE", options.Device);
        // A VAE_RUNS already set wins: the user chose where runs live.
        Set("VAE_RUNS", Environment.GetEnvironmentVariable("VAE_RUNS") is null && options.RunsDirectory is { } runs ? Path.GetFullPath(runs) : null);
        return settings;
    }
}
