using System.Globalization;

namespace Vae.Cli.Commands;

/// <summary>
/// The VAE_* variables a notebook's kernel process gets from the command's options: how the workbook's settings enter the
/// notebook tooling, which passes them on as they are. The runner's own environment and current directory stay as they are.
/// </summary>
internal static class NotebookSettings
{
    /// <summary>The variables the options set (null: not set).</summary>
    public static Dictionary<string, string> Of(int? epochs, int? subset, string? device)
    {
        var settings = new Dictionary<string, string>();
        if (epochs is { } e) settings[Settings.EpochsVariable] = e.ToString(CultureInfo.InvariantCulture);
        if (subset is { } s) settings[Settings.SubsetVariable] = s.ToString(CultureInfo.InvariantCulture);
        if (device is not null) settings[Settings.DeviceVariable] = device;
        return settings;
    }

    /// <summary>
    /// For `notebooks run`: the variables the options set, else what this process has; runs go to <paramref name="runs"/>
    /// unless VAE_RUNS is set already (the user chose where runs live).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForRun(int? epochs, int? subset, string? device, string runs)
    {
        var settings = CliEnvironment.NotebookVariables();
        foreach (var (name, value) in Of(epochs, subset, device))
            settings[name] = value;
        settings.TryAdd(Settings.RunsVariable, Path.GetFullPath(runs));
        return settings;
    }
}
