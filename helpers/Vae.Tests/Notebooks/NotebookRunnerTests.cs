using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

[Collection(NotebooksCollection.Name)]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    private static Task<NotebookResult> Run(string path, NotebookRunOptions? options = null) =>
        NotebookRunner.RunAsync(path, (options ?? new NotebookRunOptions()) with { Progress = TextWriter.Null });

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
        Assert.Equal("{\"X\":42}", value.Content);
        Assert.Equal([null, 1, 2], result.Cells.Select(c => c.CodeNumber));
    }

    [Fact]
    public async Task OutputsAppearInOrderWithTheirKinds()
    {
        var path = notebooks.Write("outputs.dib",
            """
            class Chart { public string ToHtml() => "<div class='chart'>drawn</div>"; }
            Console.WriteLine("hello");
            Console.Error.WriteLine("careful");
            display("plain");
            display(HTML("<i>raw</i>"));
            display(new Chart());
            var handle = display("first");
            handle.Update("second");
            6 * 7
            """,
            "handle.Update(HTML(\"<b>final</b>\"));\nConsole.Write(\"no newline\");");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal(
            [
                (CellOutputKind.StandardOutput, "text/plain", "hello\n"),
                (CellOutputKind.StandardError, "text/plain", "careful\n"),
                (CellOutputKind.Display, "text/plain", "plain"),
                (CellOutputKind.Display, "text/html", "<i>raw</i>"),
                (CellOutputKind.Display, "text/html", "<div class='chart'>drawn</div>"),
                // Updated from the next cell: the report shows the final value where it was first displayed.
                (CellOutputKind.Display, "text/html", "<b>final</b>"),
                (CellOutputKind.ReturnValue, "text/plain", "42"),
            ],
            result.Cells[0].Outputs.Select(o => (o.Kind, o.MimeType, o.Content.Replace("\r\n", "\n"))));
        Assert.Equal((CellOutputKind.StandardOutput, "no newline"), (result.Cells[1].Outputs.Single().Kind, result.Cells[1].Outputs.Single().Content));
    }

    [Fact]
    public async Task PassesSettingsThroughTheEnvironmentAndRunsInTheNotebookFolder()
    {
        var before = Environment.CurrentDirectory;
        var epochsBefore = Environment.GetEnvironmentVariable("VAE_EPOCHS");
        var path = notebooks.Write("sub/env.dib",
            "Environment.GetEnvironmentVariable(\"VAE_EPOCHS\")",
            "$\"{Environment.GetEnvironmentVariable(\"VAE_SUBSET\")} {Environment.GetEnvironmentVariable(\"VAE_DEVICE\")} {Environment.GetEnvironmentVariable(\"VAE_PLOTLY_PROVIDED\")}\"",
            "Environment.CurrentDirectory");

        var result = await Run(path, new NotebookRunOptions { Epochs = 3, Subset = 500, Device = "cpu" });

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal(["3", "500 cpu 1", Path.GetDirectoryName(path)!], result.Cells.Select(c => c.Outputs.Single().Content));
        Assert.Equal("3", result.Settings["VAE_EPOCHS"]);
        // Restored afterwards: the runner borrows process-wide state only for the run.
        Assert.Equal(before, Environment.CurrentDirectory);
        Assert.Equal(epochsBefore, Environment.GetEnvironmentVariable("VAE_EPOCHS"));
    }

    [Fact]
    public async Task ReferencesAnAssemblyTheProcessDoesNotHave()
    {
        var name = $"NotebookTestLib{Guid.NewGuid():N}";
        var dll = Path.Combine(notebooks.Folder, "lib", name + ".dll");
        Compile(name, "namespace Greetings; public class Greeter { public string Hello(string who) => $\"hello {who}\"; }", dll);
        var path = notebooks.Write("nb/lib.dib",
            $"#r \"../lib/{name}.dll\"\nusing Greetings;\nvar greeter = new Greeter();",
            "greeter.Hello(\"class\")",
            "Greeter again = greeter;\nagain.GetType().Assembly.Location");

        var result = await Run(path);

        Assert.True(result.Succeeded, result.FailureSummary);
        Assert.Equal("hello class", result.Cells[1].Outputs.Single().Content);
        Assert.Equal(dll, result.Cells[2].Outputs.Single().Content);
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
        Assert.Contains("throws.dib, cell 1:line 1", failed.Error.Details);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", failed.Error.Details);
        Assert.Equal(CellStatus.NotRun, result.Cells[2].Status);
        Assert.Contains("cell 2 of 3", result.FailureSummary);
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
