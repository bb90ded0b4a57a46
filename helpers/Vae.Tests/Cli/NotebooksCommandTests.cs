using System.CommandLine;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Cli.Commands;
using Vae.Notebooks.Documents;

namespace Vae.Tests.Cli;

[Collection(NotebooksCollection.Name)]
public sealed class NotebooksCommandTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    /// <summary>Runs `vae notebooks ...` in-process, through the same parser, error handling and action as the real command.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> Vae(params string[] args)
    {
        var root = new RootCommand { NotebooksCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await global::Vae.Cli.Cli.RunAsync(root, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AFailingNotebookFailsTheCommandButTheOthersStillRun()
    {
        var good = notebooks.Write("good.dib", "md:# Good", "Environment.GetEnvironmentVariable(\"VAE_EPOCHS\")");
        var bad = notebooks.Write("bad.dib", "md:# Bad", "var ok = 1;", "throw new Exception(\"nope\");", "ok");
        var also = notebooks.Write("also.dib", "2 + 2");
        var outDir = Path.Combine(notebooks.Folder, "report");

        var (exitCode, output, error) = await Vae("notebooks", "run", good, bad, also, "--out", outDir, "--epochs", "2");

        Assert.Equal(1, exitCode);
        Assert.Equal("vae notebooks run: bad.dib failed at cell 3 of 4 (counting markdown cells; code cell 2): System.Exception: nope",
            error.Trim());
        // One progress line per code cell, then where the report is.
        Assert.Contains("good.dib: cell 2/2 ok", output);
        Assert.Contains("bad.dib: cell 3/4 FAILED", output);
        Assert.Contains("also.dib: cell 1/1 ok", output);
        Assert.All(new[] { "index.html", "good.html", "bad.html", "also.html", "assets/katex/katex.min.js" },
            f => Assert.True(File.Exists(Path.Combine(outDir, f)), f));
        Assert.Contains("<pre>2</pre>", File.ReadAllText(Path.Combine(outDir, "good.html")));
        Assert.Contains("not run", File.ReadAllText(Path.Combine(outDir, "bad.html")));
        Assert.Contains($"VAE_RUNS={Path.Combine(outDir, "runs")}", File.ReadAllText(Path.Combine(outDir, "good.html")));
    }

    [Fact]
    public async Task AllPassingIsExitCodeZero()
    {
        var path = notebooks.Write("fine.dib", "1");

        var (exitCode, _, error) = await Vae("notebooks", "run", path, "--out", Path.Combine(notebooks.Folder, "out"));

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("missing", "nope.dib")]
    [InlineData("not-notebook", "notes.txt is not a notebook")]
    [InlineData("empty-out", "--out")]
    [InlineData("no-out", "--out")]
    [InlineData("out-is-a-file", "is a file")]
    [InlineData("out-is-the-notebooks-folder", "would replace the notebooks' own .ipynb")]
    public async Task UsageErrorsAreOneLineWithoutAStackTrace(string problem, string expected)
    {
        var path = notebooks.Write("fine.dib", "1");
        var outDir = Path.Combine(notebooks.Folder, "out");
        string[] args = problem switch
        {
            "missing" => ["notebooks", "run", path, Path.Combine(notebooks.Folder, "nope.dib"), "--out", outDir],
            "not-notebook" => ["notebooks", "run", path, notebooks.WriteText("notes.txt", "#!csharp\n\n1\n"), "--out", outDir],
            "empty-out" => ["notebooks", "run", path, "--out", ""],
            "out-is-a-file" => ["notebooks", "run", path, "--out", notebooks.WriteText("out", "not a folder")],
            "out-is-the-notebooks-folder" => ["notebooks", "run", path, "--out", notebooks.Folder],
            _ => ["notebooks", "run", path],
        };

        var (exitCode, output, error) = await Vae(args);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vae notebooks run: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain(" at ", error + output);
        // Checked before any kernel starts: nothing ran, no report.
        Assert.DoesNotContain("fine.dib: cell", output);
        Assert.False(Directory.Exists(outDir));
        Assert.False(File.Exists(Path.Combine(notebooks.Folder, "index.html")));
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--subset", "0")]
    public async Task ANonPositiveEpochsOrSubsetIsRefusedBeforeAnyKernelStarts(string option, string value)
    {
        var path = notebooks.Write("fine.dib", "1");
        var outDir = Path.Combine(notebooks.Folder, "out");

        var (exitCode, output, error) = await Vae("notebooks", "run", path, "--out", outDir, option, value);

        Assert.Equal(2, exitCode);
        Assert.Equal([$"vae notebooks run: {option} must be at least 1, got {value}.", "See 'vae notebooks run --help'."],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(output);
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>
    /// Issue 18: a .dib whose #!meta block is not JSON killed the whole run with an unhandled JsonException. A notebook
    /// that cannot be read is now that notebook's failure, named with the fix, with its own page; the others run.
    /// </summary>
    [Fact]
    public async Task NotebooksThatCannotBeReadGetTheirOwnPageAndTheOthersStillRun()
    {
        var first = notebooks.Write("first.dib", "md:# First", "20 + 1");
        var meta = notebooks.WriteText("bad-meta.dib", "#!meta\n\n{\"kernelInfo\": {oops\n\n#!csharp\n\n1 + 1\n");
        var empty = notebooks.WriteText("empty.dib", "");
        var cellless = notebooks.WriteText("cellless.dib", "#!csharp\n\n\n");
        var binary = Path.Combine(notebooks.Folder, "binary.dib");
        File.WriteAllBytes(binary, [0x23, 0x21, 0x63, 0x73, 0x0a, 0xff, 0xfe, 0x00, 0x81]);
        var ipynb = notebooks.WriteText("cut.ipynb", "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"1\"");
        // A Jupyter notebook runs too (the runner reads .ipynb with the same library).
        var last = notebooks.WriteText("last.ipynb", IpynbFormat.Twin(new InteractiveDocument([new InteractiveDocumentElement("6 * 7", "csharp")])));
        var outDir = Path.Combine(notebooks.Folder, "report");

        var (exitCode, output, error) = await Vae("notebooks", "run", first, meta, empty, cellless, binary, ipynb, last, "--out", outDir);

        Assert.Equal(1, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] expected =
        [
            "vae notebooks run: bad-meta.dib: its #!meta block is not the JSON Polyglot Notebooks writes",
            "vae notebooks run: empty.dib is empty",
            "vae notebooks run: cellless.dib has no cells",
            "vae notebooks run: binary.dib is not UTF-8 text",
            "vae notebooks run: cut.ipynb: it is not JSON",
        ];
        Assert.Equal(expected.Length, lines.Length);
        Assert.All(expected.Zip(lines), pair => Assert.StartsWith(pair.First, pair.Second));
        Assert.Contains("delete the block", lines[0]);
        Assert.DoesNotContain("   at ", error);   // no stack trace
        // The good notebooks ran, before and after the bad ones.
        Assert.Contains("first.dib: cell 2/2 ok", output);
        Assert.Contains("last.ipynb: cell 1/1 ok", output);
        Assert.Contains("bad-meta.dib: cannot be read", output);
        // Every notebook has its page; the bad ones say why, and have no run notebook.
        Assert.Contains("<pre>21</pre>", File.ReadAllText(Path.Combine(outDir, "first.html")));
        Assert.Contains("<pre>42</pre>", File.ReadAllText(Path.Combine(outDir, "last.html")));
        var page = File.ReadAllText(Path.Combine(outDir, "bad-meta.html"));
        Assert.Contains("could not be read as a notebook", page);
        Assert.Contains("#!meta block is not the JSON", page);
        Assert.True(File.Exists(Path.Combine(outDir, "first.ipynb")));
        Assert.False(File.Exists(Path.Combine(outDir, "bad-meta.ipynb")));
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("2 of 7 notebooks passed", index);
        Assert.Equal(5, index.Split("could not be read").Length - 1);
    }
}
