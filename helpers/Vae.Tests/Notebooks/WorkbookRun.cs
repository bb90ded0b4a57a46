using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

/// <summary>
/// The lecture notebooks run once headless with the quick settings, their report written and every page opened in
/// Chromium: what WorkbookTests' tests each check a part of. Made on first use by <see cref="QuickRuns.Workbook"/>.
/// </summary>
public sealed class WorkbookRun
{
    private WorkbookRun(string folder, IReadOnlyList<NotebookResult> results, IReadOnlyList<PageCheck> pages)
    {
        Folder = folder;
        Results = results;
        Pages = pages;
    }

    /// <summary>A scratch folder of this run; the report is in <see cref="ReportFolder"/>.</summary>
    public string Folder { get; }

    public string ReportFolder => Path.Combine(Folder, ReportName);

    private const string ReportName = "report";

    /// <summary>The notebooks' results, in file name order (01 … 07).</summary>
    public IReadOnlyList<NotebookResult> Results { get; }

    /// <summary>What the browser saw on each page of the report, the index included, in file name order.</summary>
    public IReadOnlyList<PageCheck> Pages { get; }

    /// <summary>The notebooks of the repository, in file name order.</summary>
    public static IReadOnlyList<string> Notebooks =>
        Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.dib").Order(StringComparer.Ordinal).ToList();

    internal static async Task<WorkbookRun> RunAsync(string runsFolder)
    {
        var options = new NotebookRunOptions
        {
            Epochs = 1, Subset = 2000, Device = "cpu", RunsDirectory = runsFolder, Progress = TextWriter.Null,
        };
        var results = new List<NotebookResult>();
        foreach (var notebook in Notebooks) results.Add(await NotebookRunner.RunAsync(notebook, options));

        var folder = TestPaths.TempDirectory("workbook");
        var report = Path.Combine(folder, ReportName);
        ReportWriter.Write(results, report);
        await using var browser = await ReportBrowser.LaunchAsync();
        return new WorkbookRun(folder, results, await browser.CheckReportAsync(report, "workbook"));
    }
}
