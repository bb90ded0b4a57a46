using System.Text.Json;
using Vae.Core;

namespace Vae.Tests.Notebooks.Jupyter;

/// <summary>
/// A temporary Jupyter data folder holding the kernelspec that <c>vae notebooks kernel install</c> writes (run as the
/// real command, in its own process), and nbconvert runs against it. Deleted afterwards.
/// </summary>
internal sealed class JupyterKernel : IDisposable
{
    private JupyterKernel(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public string KernelJson => Path.Combine(DataDirectory, "kernels", ".net-csharp", "kernel.json");

    public static JupyterKernel Install()
    {
        var kernel = new JupyterKernel(TestPaths.TempDirectory("jupyter-data"));
        var result = kernel.Vae("notebooks", "kernel", "install");
        Assert.True(result.ExitCode == 0, result.ToString());
        return kernel;
    }

    /// <summary>The built `vae` command with JUPYTER_DATA_DIR set to this folder.</summary>
    public ChildProcess.Result Vae(params string[] arguments) =>
        ChildProcess.Run("dotnet", [TestPaths.Cli, .. arguments], Repository.Root, new Dictionary<string, string> { ["JUPYTER_DATA_DIR"] = DataDirectory });

    /// <summary>
    /// <c>jupyter-nbconvert --to notebook --execute</c> of the notebooks, in their folder (where Jupyter starts the kernel),
    /// results into <paramref name="outputDirectory"/>; errors are recorded in the outputs, not fatal, so every notebook runs.
    /// </summary>
    public ChildProcess.Result Execute(IEnumerable<string> notebooks, string outputDirectory, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var paths = notebooks.ToList();
        return ChildProcess.Run("/usr/bin/jupyter-nbconvert",
            ["--to", "notebook", "--execute", "--allow-errors", "--output-dir", outputDirectory,
                "--ExecutePreprocessor.timeout=600", .. paths.Select(Path.GetFileName)!],
            Path.GetDirectoryName(paths[0]), Environment(environment), timeout ?? TimeSpan.FromMinutes(10));
    }

    /// <summary>The exit code of <see cref="RunAll"/> when a cell failed and the run stopped there.</summary>
    public const int StoppedAtAnError = 3;

    /// <summary>
    /// Run All as a Jupyter front end does it: nbclient (what nbconvert executes with) runs the notebook's cells in order in
    /// its folder and stops at the first cell that fails; the notebook is saved to <paramref name="outputPath"/> either way,
    /// with the outputs a front end would show, and read back. Exit code 0, or <see cref="StoppedAtAnError"/>.
    /// </summary>
    public (ChildProcess.Result Result, SavedNotebook Notebook) RunAll(string notebook, string outputPath, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        const string script = """
            import os, sys, nbformat
            from nbclient import NotebookClient
            from nbclient.exceptions import CellExecutionError
            path, out = sys.argv[1], sys.argv[2]
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=600, resources={"metadata": {"path": os.path.dirname(path)}})
            stopped = False
            try:
                client.execute()
            except CellExecutionError:
                stopped = True
            nbformat.write(nb, out)
            sys.exit(3 if stopped else 0)
            """;
        var result = ChildProcess.Run(Python.Interpreter, ["-c", script, notebook, outputPath], Path.GetDirectoryName(notebook), Environment(environment),
            timeout ?? TimeSpan.FromMinutes(10));
        Assert.True(File.Exists(outputPath), result.ToString());
        return (result, SavedNotebook.Read(outputPath));
    }

    private Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? environment) =>
        new(environment ?? new Dictionary<string, string>()) { ["JUPYTER_DATA_DIR"] = DataDirectory };

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test for.
        }
    }
}

/// <summary>An executed .ipynb as the tests read it: per code cell, its execution count and outputs.</summary>
internal sealed record SavedNotebook(string Path, IReadOnlyList<ExecutedCell> Cells)
{
    public static SavedNotebook Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var cells = json.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => new ExecutedCell(
                string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())),
                c.GetProperty("execution_count").ValueKind == JsonValueKind.Number ? c.GetProperty("execution_count").GetInt32() : null,
                [.. c.GetProperty("outputs").EnumerateArray().Select(ExecutedOutput.Read)]))
            .ToList();
        return new SavedNotebook(path, cells);
    }

    public IEnumerable<ExecutedOutput> Outputs => Cells.SelectMany(c => c.Outputs);
}

internal sealed record ExecutedCell(string Source, int? ExecutionCount, IReadOnlyList<ExecutedOutput> Outputs);

/// <summary>
/// One output: its type and, for display_data and execute_result, its data by mime type (multi-line strings joined); its
/// text (a stream's, or an error's traceback joined), and for an error its evalue.
/// </summary>
internal sealed record ExecutedOutput(string Type, IReadOnlyDictionary<string, string> Data, string Text, string? ErrorValue = null)
{
    public static ExecutedOutput Read(JsonElement output)
    {
        static string Joined(JsonElement value) =>
            value.ValueKind switch
            {
                JsonValueKind.Array => string.Concat(value.EnumerateArray().Select(v => v.GetString())),
                JsonValueKind.String => value.GetString() ?? "",
                _ => value.GetRawText(),   // a +json mime type's value may be the JSON itself
            };
        var data = output.TryGetProperty("data", out var d)
            ? d.EnumerateObject().ToDictionary(p => p.Name, p => Joined(p.Value))
            : [];
        var text = output.TryGetProperty("text", out var t) ? Joined(t)
            : output.TryGetProperty("traceback", out var tb) ? string.Join('\n', tb.EnumerateArray().Select(l => l.GetString()))
            : "";
        var evalue = output.TryGetProperty("evalue", out var e) ? e.GetString() : null;
        return new ExecutedOutput(output.GetProperty("output_type").GetString()!, data, text, evalue);
    }

    public string? Html => Data.GetValueOrDefault("text/html");

    public string? Png => Data.GetValueOrDefault("image/png") is { Length: > 0 } png ? png : null;

    public bool IsFigure => Html is { } html && Vae.Notebooks.Running.CellOutput.LooksLikeFigure(html);
}
