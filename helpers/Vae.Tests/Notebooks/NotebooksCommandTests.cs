using System.CommandLine;
using Vae.Internal;
using Vae.Cli.Notebooks;

namespace Vae.Tests.Notebooks;

[Collection(NotebooksCollection.Name)]
public sealed class NotebooksCommandTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    /// <summary>Runs `vae notebooks ...` in-process, through the same parser and action as the real command.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> Vae(params string[] args)
    {
        var root = new RootCommand { NotebooksCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
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
    [InlineData("empty", "empty.dib is empty")]
    [InlineData("not-dib", "notes.txt is not a .dib notebook")]
    [InlineData("no-cells", "cellless.dib has no cells")]
    [InlineData("empty-out", "--out")]
    [InlineData("no-out", "--out")]
    public async Task UsageErrorsAreOneLineWithoutAStackTrace(string problem, string expected)
    {
        var path = notebooks.Write("fine.dib", "1");
        var outDir = Path.Combine(notebooks.Folder, "out");
        string[] args = problem switch
        {
            "missing" => ["notebooks", "run", path, Path.Combine(notebooks.Folder, "nope.dib"), "--out", outDir],
            "empty" => ["notebooks", "run", path, notebooks.WriteText("empty.dib", ""), "--out", outDir],
            "not-dib" => ["notebooks", "run", path, notebooks.WriteText("notes.txt", "#!csharp\n\n1\n"), "--out", outDir],
            "no-cells" => ["notebooks", "run", notebooks.WriteText("cellless.dib", "#!csharp\n\n\n"), "--out", outDir],
            "empty-out" => ["notebooks", "run", path, "--out", ""],
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
    }
}
