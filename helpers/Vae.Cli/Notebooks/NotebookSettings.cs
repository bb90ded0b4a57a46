namespace Vae.Cli.Notebooks;

/// <summary>
/// The VAE_* environment variables a notebook's kernel process gets: those the options set, else what this
/// process has. The runner's own environment and current directory stay as they are.
/// </summary>
internal static class NotebookSettings
{
    public static IReadOnlyDictionary<string, string> For(NotebookRunOptions options)
    {
        var settings = CliEnvironment.NotebookVariables();
        void Set(string name, string? value)
        {
            if (value is not null) settings[name] = value;
        }
        Set(Settings.EpochsVariable, options.Epochs?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(Settings.SubsetVariable, options.Subset?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(Settings.DeviceVariable, options.Device);
        // A VAE_RUNS already set wins: the user chose where runs live.
        if (!settings.ContainsKey(Settings.RunsVariable) && options.RunsDirectory is { } runs) settings[Settings.RunsVariable] = Path.GetFullPath(runs);
        return settings;
    }
}
