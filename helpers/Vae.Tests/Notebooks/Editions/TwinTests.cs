using System.Text.Json;
using Vae.Cli.Commands;
using Vae.Core;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Tests.Notebooks.Editions;

/// <summary>The .ipynb twins: generated from the .dib files, committed without outputs, byte for byte what generate writes.</summary>
public sealed class TwinTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    private static IReadOnlyList<string> Dibs => WorkbookLayout.Current.TeacherNotebooks();

    /// <summary>
    /// Fails when a .dib changed and a file it generates (its twin, its student edition and that edition's twin) was not
    /// regenerated, or was edited by hand: run <c>./vae notebooks generate</c>.
    /// </summary>
    [Fact]
    public void EveryCommittedTwinAndStudentEdition_IsWhatGenerateWritesFromItsDib()
    {
        Assert.NotEmpty(Dibs);
        foreach (var dib in Dibs)
            foreach (var (path, expected) in GeneratedNotebooks.Expected(dib))
            {
                Assert.True(File.Exists(path), $"{path} is missing: run ./vae notebooks generate");
                var actual = File.ReadAllBytes(path);
                Assert.True(expected.AsSpan().SequenceEqual(actual),
                    $"{Path.GetRelativePath(Repository.Root, path)} does not match {Path.GetFileName(dib)} ({actual.Length} bytes, generate gives {expected.Length}): run ./vae notebooks generate");
            }
        // Nothing generated without its .dib.
        var folder = Path.Combine(Repository.Root, "notebooks");
        Assert.Equal(Dibs.Select(GeneratedNotebooks.TwinPath).Order(), Directory.GetFiles(folder, "*.ipynb").Order());
        Assert.Equal(Dibs.SelectMany(d => GeneratedNotebooks.Expected(d).Skip(1).Select(f => f.Path)).Order(),
            Directory.GetFiles(Path.Combine(folder, WorkbookLayout.StudentFolder)).Order());
    }

    [Fact]
    public void ATwinHasTheDibsCellsInOrder_NoOutputs_AndTheToolsKernel()
    {
        foreach (var dib in Dibs)
        {
            var cells = NotebookReader.Load(dib).Elements;
            using var json = JsonDocument.Parse(File.ReadAllText(GeneratedNotebooks.TwinPath(dib)));
            var root = json.RootElement;
            Assert.Equal((4, 5), (root.GetProperty("nbformat").GetInt32(), root.GetProperty("nbformat_minor").GetInt32()));
            var kernelspec = root.GetProperty("metadata").GetProperty("kernelspec");
            Assert.Equal((".net-csharp", ".NET (C#)", "C#"),
                (kernelspec.GetProperty("name").GetString(), kernelspec.GetProperty("display_name").GetString(), kernelspec.GetProperty("language").GetString()));
            var language = root.GetProperty("metadata").GetProperty("language_info");
            Assert.Equal(("C#", "csharp", ".cs"), (language.GetProperty("name").GetString(), language.GetProperty("pygments_lexer").GetString(),
                language.GetProperty("file_extension").GetString()));

            var twinCells = root.GetProperty("cells").EnumerateArray().ToList();
            Assert.Equal(cells.Count, twinCells.Count);
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = twinCells[i];
                Assert.Equal(cells[i].IsMarkdown ? "markdown" : "code", cell.GetProperty("cell_type").GetString());
                Assert.Equal(cells[i].Contents, string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString())));
                Assert.Equal($"cell-{i + 1}", cell.GetProperty("id").GetString());
                if (!cells[i].IsMarkdown)
                {
                    Assert.Equal(0, cell.GetProperty("outputs").GetArrayLength());
                    Assert.Equal(JsonValueKind.Null, cell.GetProperty("execution_count").ValueKind);
                    Assert.Equal("csharp", cell.GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());
                }
            }
        }
        Assert.Equal("", Python.Validate([.. Dibs.Select(GeneratedNotebooks.TwinPath)]));
    }

    /// <summary>Read back with the runner's .ipynb reader (.NET Interactive's own), a twin gives exactly its .dib's cells.</summary>
    [Fact]
    public void ATwinReadsBackAsItsDib()
    {
        foreach (var dib in Dibs)
            Assert.Equal(DibReaderTests.Cells(NotebookReader.Load(dib)), DibReaderTests.Cells(NotebookReader.Load(GeneratedNotebooks.TwinPath(dib))));
    }

    [Fact]
    public void Generate_WritesBesideTheDib_IsDeterministic_AndCheckFailsOnAStaleTwin()
    {
        var dib = notebooks.Write("lesson.dib", "md:# Lesson\n\nSome *μ* math.", "var x = 41;\nConsole.WriteLine(\"«x»\");", "#!fsharp\n1 + 1", "x + 1");
        var twin = Path.ChangeExtension(dib, ".ipynb");
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, GenerateCommand.Run([new FileInfo(dib)], check: false, output, error));
        var student = StudentEdition.PathFor(dib);
        Assert.Equal([$"{twin}: written", $"{student}: written", $"{Path.ChangeExtension(student, ".ipynb")}: written"], output.ToString().Trim().Split('\n'));
        var first = File.ReadAllBytes(twin);
        Assert.Equal(0, GenerateCommand.Run([new FileInfo(dib)], check: true, output, error));
        Assert.Equal(0, GenerateCommand.Run([new FileInfo(dib)], check: false, output, error));
        Assert.Equal(first, File.ReadAllBytes(twin));   // byte-identical when re-run
        Assert.Contains($"{twin}: up to date", output.ToString());
        Assert.Empty(error.ToString());
        var text = File.ReadAllText(twin);
        Assert.Contains("«x»", text);                      // UTF-8 as written, not \u escapes
        Assert.DoesNotContain("\r", text);
        Assert.Contains("\"kernelName\": \"fsharp\"", text);

        File.AppendAllText(dib, "#!csharp\n\nx + 2\n");
        var stale = new StringWriter();
        Assert.Equal(1, GenerateCommand.Run([new FileInfo(dib)], check: true, output, stale));
        // The twin, the student edition and its twin are all stale.
        Assert.Equal($"vae notebooks generate: {twin} does not match lesson.dib: run ./vae notebooks generate", stale.ToString().Trim().Split('\n')[0]);
        Assert.Equal(3, stale.ToString().Trim().Split('\n').Length);
        Assert.Equal(first, File.ReadAllBytes(twin));   // --check writes nothing
        Assert.Equal(0, GenerateCommand.Run([new FileInfo(dib)], check: false, output, error));
        Assert.Contains("x + 2", File.ReadAllText(twin));
    }

    [Theory]
    [InlineData("missing", 2, "notebook not found")]
    [InlineData("not-dib", 2, "is not a .dib notebook")]
    [InlineData("broken", 1, "#!meta block is not the JSON")]
    [InlineData("student", 2, "is a student edition, generated from its teacher's notebook: generate from that one")]
    public void Generate_BadArgumentsAndBrokenNotebooks_AreOneLine(string problem, int exitCode, string expected)
    {
        var good = notebooks.Write("good.dib", "1");
        var path = problem switch
        {
            "missing" => Path.Combine(notebooks.Folder, "nope.dib"),
            "not-dib" => notebooks.WriteText("twin.ipynb", "{}"),
            "student" => notebooks.WriteText("student/good.dib", "1"),
            _ => notebooks.WriteText("broken.dib", "#!meta\n\n{nope\n\n#!csharp\n\n1\n"),
        };
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(exitCode, GenerateCommand.Run([new FileInfo(path), new FileInfo(good)], check: false, output, error));

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vae notebooks generate: ", line);
        Assert.Contains(expected, line);
        // A broken notebook does not keep the others' twins from being written; a bad argument stops before any is.
        Assert.Equal(problem == "broken", File.Exists(Path.ChangeExtension(good, ".ipynb")));
    }
}
