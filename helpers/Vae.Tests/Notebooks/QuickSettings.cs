using Vae.Notebooks.Running;

namespace Vae.Tests.Notebooks;

/// <summary>The workbook's quick settings as the `vae` command passes them to a notebook's kernel.</summary>
internal static class QuickSettings
{
    public static Dictionary<string, string> Environment(string? runs = null, int epochs = 1, int subset = 2000)
    {
        var settings = new Dictionary<string, string>
        {
            [Settings.EpochsVariable] = $"{epochs}", [Settings.SubsetVariable] = $"{subset}", [Settings.DeviceVariable] = "cpu",
        };
        if (runs is not null)
            settings[Settings.RunsVariable] = Path.GetFullPath(runs);
        return settings;
    }

    public static NotebookRunOptions Options(string? runs = null) => new() { Environment = Environment(runs), Progress = TextWriter.Null };
}
