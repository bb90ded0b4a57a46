namespace Vae.Notebooks.Report;

/// <summary>The report's style sheet and math script, embedded in this assembly (kept as real .css/.js files in the source).</summary>
internal static class ReportResources
{
    public static readonly Lazy<string> Css = new(() => Read("report.css"));

    public static readonly Lazy<string> MathScript = new(() => Read("report.js"));

    private static string Read(string name)
    {
        using var stream = typeof(ReportResources).Assembly.GetManifestResourceStream($"Vae.Notebooks.Report.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
