using Vae.Notebooks.Running;
using Vae.Core;
using Vae.Notebooks.Report;
using Vae.Notebooks;

namespace Vae.Tests.Workbook;

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
        WorkbookLayout.Current.TeacherNotebooks();

    internal static async Task<WorkbookRun> RunAsync(string runsFolder)
    {
        var options = QuickSettings.Options(runsFolder);
        var results = new List<NotebookResult>();
        foreach (var notebook in Notebooks) results.Add(await NotebookRunner.RunAsync(notebook, options));

        var folder = TestPaths.TempDirectory("workbook");
        var report = Path.Combine(folder, ReportName);
        ReportWriter.Write(results, report);
        await using var browser = await ReportBrowser.LaunchAsync();
        return new WorkbookRun(folder, results, await browser.CheckReportAsync(report, "workbook"));
    }
}
