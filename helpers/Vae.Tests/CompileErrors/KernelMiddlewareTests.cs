using Vae.CompileErrors;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Kernel;
using Vae.Notebooks.Running;
using Vae.Tests.Notebooks;
using Vae.Tests.Notebooks.Jupyter;

namespace Vae.Tests.CompileErrors;

/// <summary>
/// A student's compile errors in the real kernel: a notebook whose first cell loads the helper (which installs the
/// explanations), then the mistakes a student of notebooks 1–4 makes, one cell each, all run in one kernel as grading runs
/// them (going on past a failed cell). Each failed cell shows the compiler's error and, in its outputs, the line that
/// explains it.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class KernelMiddlewareTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    private async Task<NotebookResult> RunGoingOn(params string[] cells)
    {
        var path = notebooks.Write("mistakes.dib", cells);
        var environment = QuickSettings.Environment();
        return await NotebookRunner.RunDocumentAsync(path, NotebookReader.Load(path), environment,
            token => StdioKernel.StartAsync(notebooks.Folder, environment, token),
            new NotebookRunner.RunMode(GoOnAfterFailure: true, "mistakes.dib", TextWriter.Null), CancellationToken.None);
    }

    private static string Explanations(CellResult cell) =>
        string.Join("\n", cell.Outputs.Select(o => o.ValueFor(CellOutput.PlainText) ?? "").Where(t => t.StartsWith(CompileErrorExplanations.Marker, StringComparison.Ordinal)));

    [Fact]
    public async Task EveryCollectedMistake_FailsToCompile_WithItsExplanationInTheCell()
    {
        var mistakes = StudentMistakes.All;
        var result = await RunGoingOn(
        [
            StudentMistakes.Setup(BuildOutput.Binary("Vae", "Vae.dll")),
            .. mistakes.Select(m => m.Cell),
            "var fine = vae.decode(randn(4, 2)).sigmoid();\nfine.shape[0]",
            "var oops = x_test.reshape(3, 7);",
        ]);

        Assert.Equal(CellStatus.Succeeded, result.Cells[0].Status);
        var failures = new List<string>();
        foreach (var (mistake, cell) in mistakes.Zip(result.Cells.Skip(1)))
        {
            var explained = Explanations(cell);
            if (cell.Status != CellStatus.Failed || cell.Error!.Kind != CellErrorKind.CompileError || !cell.Error.Details.Contains(mistake.Code, StringComparison.Ordinal))
                failures.Add($"{mistake}: expected the compiler's {mistake.Code}, got {cell.Status} {cell.Error}");
            else if (!explained.Contains($"({mistake.Code}): {mistake.Explanation}", StringComparison.Ordinal))
                failures.Add($"{mistake}: {cell.Error.Details}\n    explained: {(explained.Length > 0 ? explained : "(nothing)")}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // A cell that compiles gets no explanation, nor does one that throws when it runs: only the compiler's errors are explained.
        var (fine, thrown) = (result.Cells[^2], result.Cells[^1]);
        Assert.Equal(CellStatus.Succeeded, fine.Status);
        Assert.Equal((CellStatus.Failed, CellErrorKind.Exception), (thrown.Status, thrown.Error!.Kind));
        Assert.Equal("", Explanations(fine) + Explanations(thrown));
    }

    /// <summary>
    /// In real Jupyter (nbclient against the kernelspec <c>vae notebooks kernel install</c> writes), as a front end shows the
    /// cell: the compiler's message on stderr, the explanation under it, then the error that stops Run All.
    /// </summary>
    [Fact]
    public void InJupyter_TheExplanationStandsBetweenTheCompilersMessageAndTheError()
    {
        using var kernel = JupyterKernel.Install();
        var mistake = StudentMistakes.All[0];
        var dib = notebooks.Write("jupyter-mistake.dib", StudentMistakes.Setup(BuildOutput.Binary("Vae", "Vae.dll")), mistake.Cell, "\"not reached\"");
        var ipynb = Path.ChangeExtension(dib, IpynbFormat.Extension);
        File.WriteAllText(ipynb, IpynbFormat.Twin(NotebookReader.Load(dib)));

        var (result, notebook) = kernel.RunAll(ipynb, Path.Combine(notebooks.Folder, "executed.ipynb"), QuickSettings.Environment(), TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == JupyterKernel.StoppedAtAnError, result.ToString());
        var outputs = notebook.Cells[1].Outputs;
        Assert.Equal(["stream", "display_data", "error"], outputs.Select(o => o.Type));
        Assert.Contains($"error {mistake.Code}: The type", outputs[0].Text);
        Assert.Equal($"{CompileErrorExplanations.Marker} line 2 ({mistake.Code}): {mistake.Explanation}, with no var or type before it; a pair goes into it as (z_mu, _) = …",
            outputs[1].Data["text/plain"]);
        Assert.Null(notebook.Cells[2].ExecutionCount);
    }

    /// <summary>A notebook that never calls into the helper has no explanations: they come with the helper, not the kernel.</summary>
    [Fact]
    public async Task WithoutTheHelper_TheCompilerSpeaksAlone()
    {
        var result = await RunGoingOn("var x = 1;", "float y = 0.5;");

        var cell = result.Cells[1];
        Assert.Equal(CellErrorKind.CompileError, cell.Error!.Kind);
        Assert.Contains("CS0664", cell.Error.Details);
        Assert.Empty(cell.Outputs);
    }
}
