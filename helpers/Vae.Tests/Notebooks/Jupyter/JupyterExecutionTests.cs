using System.Diagnostics;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Xunit.Abstractions;
using Vae.Core;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;
using Vae.Notebooks.Kernel;

namespace Vae.Tests.Notebooks.Jupyter;

/// <summary>
/// The .ipynb twins in real Jupyter: Debian's jupyter-nbconvert and jupyter-client start the kernel that
/// <c>vae notebooks kernel install</c> registered (the pinned tool in its jupyter mode) and run every cell.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class JupyterExecutionTests(QuickRuns runs, ITestOutputHelper log)
{
    /// <summary>
    /// All seven notebooks in one nbconvert run, quick settings, sharing one runs folder (notebook 1 trains the model
    /// the others load; the headless workbook test shares it too, so whichever runs second loads what the first trained). Every code cell runs without an error output; every chart the headless runner sees is there
    /// as text/html, in the same order and kind; image figures also carry a PNG that decodes.
    /// </summary>
    [Fact]
    public void TheTwins_RunInJupyter_WithTheirCharts()
    {
        using var kernel = JupyterKernel.Install();
        var folder = TestPaths.TempDirectory("nbconvert");
        var twins = WorkbookLayout.Current.TeacherNotebooks().Select(GeneratedNotebooks.TwinPath).ToList();
        var clock = Stopwatch.StartNew();

        var result = kernel.Execute(twins, folder, runs.Settings, TimeSpan.FromMinutes(12));

        log.WriteLine($"nbconvert, {twins.Count} notebooks: {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(result.ExitCode == 0, result.ToString());
        var executed = twins.Select(t => Path.Combine(folder, Path.GetFileName(t))).ToList();
        Assert.Equal("", Python.Validate([.. executed]));
        foreach (var path in executed)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var notebook = SavedNotebook.Read(path);
            Assert.All(notebook.Cells, c => Assert.NotNull(c.ExecutionCount));
            var errors = notebook.Outputs.Where(o => o.Type == "error").Select(o => o.Text).ToList();
            Assert.True(errors.Count == 0, $"{name}: {string.Join("\n\n", errors)}");

            // The teacher edition passes every check of the student edition, in Jupyter too.
            StudentEditionTests.AssertEveryCheckPassed(name, notebook.Outputs.Select(o => o.Data.GetValueOrDefault(Vae.Checks.CheckResult.MimeType)).OfType<string>());

            var figures = notebook.Outputs.Where(o => o.IsFigure).ToList();
            var kinds = figures.Select(f => WorkbookTests.TraceType().Match(f.Html!).Groups[1].Value).ToArray();
            Assert.Equal(WorkbookTests.ExpectedFigures[name], kinds);
            foreach (var (figure, kind) in figures.Zip(kinds))
            {
                if (kind == "image")
                {
                    var png = PngDecoder.Decode(Convert.FromBase64String(figure.Png ?? throw new Xunit.Sdk.XunitException($"{name}: an image figure without image/png")));
                    Assert.True(png.Width >= 28 && png.Height >= 28, $"{name}: a {png.Width} × {png.Height} PNG");
                    Assert.Contains(png.Pixels, p => p > 128);   // strokes, not an empty picture
                }
                else
                {
                    Assert.Null(figure.Png);                     // a chart has no picture
                }
            }
        }
    }

    /// <summary>
    /// The kernel Jupyter starts is the pinned tool, in the notebook's folder when that is in the repository (where
    /// <c>#r "../artifacts/..."</c> resolves), and in the repository's root for a notebook elsewhere.
    /// </summary>
    [Fact]
    public void TheKernel_IsThePinnedTool_InTheNotebooksFolder()
    {
        using var kernel = JupyterKernel.Install();
        var inside = Path.Combine(Repository.Root, "artifacts", "test-jupyter", Guid.NewGuid().ToString("N"));
        var outside = TestPaths.TempDirectory("jupyter-outside");
        try
        {
            foreach (var (folder, expected) in new[] { (inside, inside), (outside, Repository.Root) })
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, "where.ipynb");
                File.WriteAllText(path, IpynbFormat.Twin(new InteractiveDocument(
                [
                    new InteractiveDocumentElement("System.IO.Directory.GetCurrentDirectory()", "csharp"),
                    new InteractiveDocumentElement("using System.Reflection;\nAssembly.GetEntryAssembly()!.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0]", "csharp"),
                ])));
                var result = kernel.Execute([path], folder);
                Assert.True(result.ExitCode == 0, result.ToString());
                var values = SavedNotebook.Read(path).Outputs.Where(o => o.Type == "execute_result").Select(o => o.Data["text/plain"]).ToList();
                Assert.Equal([expected, KernelTool.PinnedVersion], values);
            }
        }
        finally
        {
            Directory.Delete(inside, recursive: true);
        }
    }

    [Fact]
    public void KernelInstall_WritesAKernelspecJupyterLists_AndKeepsAnotherProgramsUnlessForced()
    {
        using var kernel = JupyterKernel.Install();
        var spec = JsonDocument.Parse(File.ReadAllText(kernel.KernelJson)).RootElement;
        Assert.Equal((".NET (C#)", "C#"), (spec.GetProperty("display_name").GetString(), spec.GetProperty("language").GetString()));
        var argv = spec.GetProperty("argv").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["/bin/sh", "-c"], argv[..2]);
        Assert.Contains("exec dotnet tool run dotnet-interactive -- jupyter --default-kernel csharp", argv[2]);
        Assert.Equal([Repository.Root, "{connection_file}"], argv[3..]);

        // Jupyter itself finds it under the name the twins ask for.
        var listed = ChildProcess.Run("/usr/bin/jupyter", ["kernelspec", "list", "--json"], environment: new Dictionary<string, string> { ["JUPYTER_DATA_DIR"] = kernel.DataDirectory });
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var found = JsonDocument.Parse(listed.Output).RootElement.GetProperty("kernelspecs").GetProperty(".net-csharp");
        Assert.Equal(Path.GetDirectoryName(kernel.KernelJson), found.GetProperty("resource_dir").GetString());

        // Installing again replaces our own; a kernelspec another program wrote stays unless --force.
        Assert.Equal(0, kernel.Vae("notebooks", "kernel", "install").ExitCode);
        const string foreign = """{"argv": ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}""";
        File.WriteAllText(kernel.KernelJson, foreign);
        var refused = kernel.Vae("notebooks", "kernel", "install");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("vae notebooks kernel install: ", refused.Error);
        Assert.Contains("pass --force", refused.Error);
        Assert.Equal(foreign, File.ReadAllText(kernel.KernelJson));
        Assert.Equal(0, kernel.Vae("notebooks", "kernel", "install", "--force").ExitCode);
        Assert.Contains("vae_workbook", File.ReadAllText(kernel.KernelJson));
        Assert.Equal(2, kernel.Vae("notebooks", "kernel", "install", "--frce").ExitCode);
    }
}
