using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vae.Notebooks.Running;
using Vae.Core;
using Vae.Drawing.Html;
using Vae.Notebooks.Kernel;

namespace Vae.Tests.Notebooks.Running;

/// <summary>The runner on small notebooks, each run in a fresh process of the pinned .NET Interactive kernel.</summary>
[Collection(NotebooksCollection.Name)]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    private static Task<NotebookResult> Run(string path, NotebookRunOptions? options = null) =>
        NotebookRunner.RunAsync(path, (options ?? new NotebookRunOptions()) with { Progress = TextWriter.Null });

    [Fact]
    public async Task RunsThePinnedKernelBuild()
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json")));
        var pinned = manifest.RootElement.GetProperty("tools").GetProperty(KernelTool.PackageId).GetProperty("version").GetString();
        var path = notebooks.Write("version.dib",
            "using System.Reflection;\n" +
            "Assembly.GetEntryAssembly()!.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0]",
            "Assembly.GetEntryAssembly()!.GetName().Name");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal("1.0.712001", pinned);
        Assert.Equal(pinned, KernelTool.PinnedVersion);
        // The process that ran the cells is the tool's own host, at the version the manifest pins.
        Assert.Equal(pinned, result.Cells[0].Outputs.Single().ValueFor(CellOutput.PlainText));
        Assert.Equal("Microsoft.DotNet.Interactive.App", result.Cells[1].Outputs.Single().ValueFor(CellOutput.PlainText));
    }

    [Fact]
    public async Task StateTypesAndUsingsCarryAcrossCells()
    {
        var path = notebooks.Write("state.dib",
            "md:# State",
            "using System.Text.Json;\nvar x = 41;\nrecord Point(int X);",
            "JsonSerializer.Serialize(new Point(x + 1))");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        var value = Assert.Single(result.Cells[2].Outputs);
        Assert.Equal(CellOutputKind.ReturnValue, value.Kind);
        Assert.Equal((CellOutput.PlainText, "{\"X\":42}"), (value.MimeType, value.Content));
        Assert.Equal([null, 1, 2], result.Cells.Select(c => c.CodeNumber));
    }

    [Fact]
    public async Task OutputsArriveInOrderWithTheirKindsAndMimeTypes()
    {
        var path = notebooks.Write("outputs.dib",
            """
            Console.WriteLine("hello");
            Console.Error.WriteLine("careful");
            display("plain");
            display(HTML("<i>raw</i>"));
            var handle = display(HTML("<b>first</b>"));
            6 * 7
            """,
            "handle.Update(HTML(\"<b>final</b>\"));\nConsole.Write(\"no newline\");");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        var outputs = result.Cells[0].Outputs;
        Assert.Equal(
            [
                (CellOutputKind.StandardOutput, "text/plain", "hello\n"),
                (CellOutputKind.StandardError, "text/plain", "careful\n"),
                (CellOutputKind.Display, "text/plain", "plain"),
                (CellOutputKind.Display, "text/html", "<i>raw</i>"),
                (CellOutputKind.Display, "text/html", "<b>first</b>"),
            ],
            outputs.Take(5).Select(o => (o.Kind, o.MimeType, o.Content.Replace("\r\n", "\n"))));
        // The kernel formats a returned number as HTML (its plain-text <pre> and a style sheet).
        Assert.Equal((CellOutputKind.ReturnValue, "text/html"), (outputs[5].Kind, outputs[5].MimeType));
        Assert.Contains("<pre>42</pre>", outputs[5].Content);
        // An update from a later cell: 1.0.712001 gives an update another valueId than the display it updates, so
        // (as in VS Code) it is shown as an output of its own, in the cell that made the update.
        Assert.Equal(
            [(CellOutputKind.Display, "text/html", "<b>final</b>"), (CellOutputKind.StandardOutput, "text/plain", "no newline")],
            result.Cells[1].Outputs.Select(o => (o.Kind, o.MimeType, o.Content)));
    }

    /// <summary>A live output, as notebook 1's training curve: shown once, then redrawn in place by the same cell.</summary>
    [Fact]
    public async Task UpdatesInTheSameCell_ReplaceTheOutputTheyUpdate_InTheOrderTheHandlesWereShown()
    {
        var path = notebooks.Write("live.dib",
            """
            var status = display("starting");
            var curve = display(HTML("<i>no data</i>"));
            for (var i = 1; i <= 3; i++) { status.Update($"step {i}"); curve.Update(HTML($"<b>{i}</b>")); }
            """);

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal([("text/plain", "step 3"), ("text/html", "<b>3</b>")],
            result.Cells[0].Outputs.Select(o => (o.MimeType, o.Content)));
    }

    [Fact]
    public async Task PassesSettingsThroughTheEnvironmentAndRunsInTheNotebookFolder()
    {
        var before = Environment.CurrentDirectory;
        var epochsBefore = Environment.GetEnvironmentVariable("VAE_EPOCHS");
        var path = notebooks.Write("sub/env.dib",
            "Environment.GetEnvironmentVariable(\"VAE_EPOCHS\")",
            "$\"{Environment.GetEnvironmentVariable(\"VAE_SUBSET\")} {Environment.GetEnvironmentVariable(\"VAE_DEVICE\")}\"",
            "Environment.CurrentDirectory");

        var result = await Run(path, new NotebookRunOptions { Environment = QuickSettings.Environment(epochs: 3, subset: 500) });

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal(["3", "500 cpu", Path.GetDirectoryName(path)!], result.Cells.Select(c => c.Outputs.Single().Content));
        Assert.Equal("3", result.Settings["VAE_EPOCHS"]);
        // The kernel is another process: this one's directory and environment are not touched.
        Assert.Equal(before, Environment.CurrentDirectory);
        Assert.Equal(epochsBefore, Environment.GetEnvironmentVariable("VAE_EPOCHS"));
    }

    [Fact]
    public async Task ReferencesTheHelperAssemblyRelativeToTheNotebookAndShowsItsFigures()
    {
        var dll = BuildOutput.Binary("Vae", "Vae.dll");
        Assert.True(File.Exists(dll), $"{dll} not built; run ./setup.sh");
        var path = notebooks.Write("helper.dib",
            $"#r \"{Path.GetRelativePath(notebooks.Folder, dll)}\"\nusing Vae.Drawing;",
            "Plot.Lines(\"loss\", \"epoch\", \"nats\", [new Series(\"train\", [1, 2, 3], [160, 150, 145])])",
            "typeof(Plot).Assembly.Location");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        var figure = result.Cells[1].Outputs.Single();
        Assert.True(figure.IsFigure, figure.ToString()[..Math.Min(300, figure.ToString().Length)]);
        Assert.Equal(CellOutput.Html, figure.MimeType);
        Assert.Contains("class=\"vae-figure\"", figure.Content);
        Assert.Contains(Vae.Drawing.Html.PlotlyJs.PayloadScriptType, figure.Content);
        // The drawing is its own assembly; the one #r of Vae.dll brings it from the same folder.
        Assert.Equal(Path.Combine(Path.GetDirectoryName(dll)!, "Vae.Drawing.dll"), result.Cells[2].Outputs.Single().Content);
    }

    [Fact]
    public async Task ReferencesAnAssemblyCompiledBesideTheNotebook()
    {
        var name = $"NotebookTestLib{Guid.NewGuid():N}";
        var dll = Path.Combine(notebooks.Folder, "lib", name + ".dll");
        Compile(name, "namespace Greetings; public class Greeter { public string Hello(string who) => $\"hello {who}\"; }", dll);
        var path = notebooks.Write("nb/lib.dib",
            $"#r \"../lib/{name}.dll\"\nusing Greetings;\nvar greeter = new Greeter();",
            "greeter.Hello(\"class\")");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal("hello class", result.Cells[1].Outputs.Single().Content);
    }

    [Fact]
    public async Task ACompileErrorStopsTheNotebookAndNamesTheCell()
    {
        var path = notebooks.Write("compile.dib",
            "md:# Broken",
            "var a = 1;",
            "var b = a;\nvar c = missing + 1;",
            "md:after",
            "Console.WriteLine(\"never\");");

        var result = await Run(path);

        Assert.False(result.Succeeded);
        Assert.Equal([CellStatus.Succeeded, CellStatus.Succeeded, CellStatus.Failed, CellStatus.Succeeded, CellStatus.NotRun],
            result.Cells.Select(c => c.Status));
        var error = result.Cells[2].Error!;
        Assert.Equal("compile error", error.Title);
        Assert.Contains("(line 2, column 9) CS0103", error.Message);
        Assert.Contains("'missing'", error.Message);
        Assert.Empty(result.Cells[4].Outputs);
        Assert.StartsWith("compile.dib failed at cell 3 of 5 (counting markdown cells; code cell 2): compile error:", result.FailureSummary);
    }

    [Fact]
    public async Task AnExceptionStopsTheNotebookWithTheUsefulStack()
    {
        var path = notebooks.Write("throws.dib",
            "void Explode(int n) => throw new InvalidOperationException($\"boom {n}\");",
            "Console.WriteLine(\"before\");\nExplode(3);",
            "1");

        var result = await Run(path);

        Assert.False(result.Succeeded);
        var failed = result.Cells[1];
        Assert.Equal(CellStatus.Failed, failed.Status);
        Assert.Equal("before\n", failed.Outputs.Single().Content.Replace("\r\n", "\n"));
        Assert.Equal("System.InvalidOperationException", failed.Error!.Title);
        Assert.Equal("boom 3", failed.Error.Message);
        Assert.Contains("Explode", failed.Error.Details);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", failed.Error.Details);
        Assert.Equal(CellStatus.NotRun, result.Cells[2].Status);
        Assert.Empty(result.Cells[2].Outputs);
        Assert.Contains("cell 2 of 3", result.FailureSummary);
    }

    [Theory]
    [InlineData("missing.dib", null, "notebook not found")]
    [InlineData("empty.dib", "", "is empty")]
    [InlineData("blank.dib", "\n\n  \n", "is empty")]
    [InlineData("notes.txt", "#!csharp\n\n1\n", "is not a notebook")]
    [InlineData("cellless.dib", "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[]}}\n\n#!csharp\n\n\n#!markdown\n\n", "has no cells")]
    public async Task WhatIsNotANotebookIsAnErrorNamingTheFile(string fileName, string? text, string expected)
    {
        var path = text is null ? Path.Combine(notebooks.Folder, fileName) : notebooks.WriteText(fileName, text);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Run(path));

        Assert.Contains(expected, error.Message);
        Assert.Contains(fileName, error.Message);
        Assert.IsType(text is null ? typeof(FileNotFoundException) : typeof(InvalidDataException), error);
    }

    private static void Compile(string assemblyName, string source, string path)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == framework)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
