using System.CommandLine;
using Vae.Cli.Commands;
using VaeCli = Vae.Cli.Cli;

namespace Vae.Tests.Cli;

/// <summary>
/// A value an option refuses (its validator) is a parse error, as a value of the wrong type is: one line naming it, a
/// pointer to the help, exit code 2, and nothing run. In-process, through the parser and the actions of the real commands.
/// </summary>
public class OptionValidationTests
{
    private static async Task<(int ExitCode, string[] Error)> Vae(string args)
    {
        var root = new RootCommand { SampleCommand.Create(), ScoreCommand.Create(), FiguresCommand.Create(), BenchCommand.Create(), NotebooksCommand.Create() };
        var error = new StringWriter();
        var exitCode = await VaeCli.RunAsync(root, args.Split(' '), TextWriter.Null, error);
        return (exitCode, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // The checkpoints named do not exist: had the command run, it would have said so, with exit code 1.
    [Theory]
    [InlineData("sample /nonexistent/run --n 0", "vae sample: --n must lie in 1 … 4096, got 0.")]
    [InlineData("sample /nonexistent/run --out samples.jpg", "vae sample: --out must name a .png file (the HTML figure goes beside it), got 'samples.jpg'.")]
    [InlineData("score /nonexistent/run --k 100001", "vae score: --k must lie in 1 … 100000, got 100001.")]
    [InlineData("score /nonexistent/run --subset 0", "vae score: --subset must be at least 1, got 0.")]
    [InlineData("figures /nonexistent/run --points 0", "vae figures: --points must be at least 1 (test images in the scatter), got 0.")]
    // Bench would measure GEMM first, for minutes, before the training comparison that needs these.
    [InlineData("bench train --epochs 1", "vae bench: --epochs must be at least 2 for bench train: epoch 1 is a warm-up.")]
    [InlineData("bench train --rounds 0", "vae bench: --rounds must be at least 1, got 0.")]
    [InlineData("notebooks grade /nonexistent/a.dib --out /nonexistent/grades --disk 1K",
        "vae notebooks grade: --disk 1K is not a size of at least 16M: give e.g. 1G, 200M or 100000000")]
    [InlineData("notebooks grade /nonexistent/a.dib --out /nonexistent/grades --memory lots",
        "vae notebooks grade: --memory lots is not a size of at least 64M: give e.g. 4G, 800M or 300000000")]
    public async Task ARefusedValue_IsAUsageError_BeforeTheCommandRuns(string args, string expected)
    {
        var (exitCode, error) = await Vae(args);

        Assert.Equal(2, exitCode);
        var command = expected[..expected.IndexOf(':')];
        Assert.Equal([expected, $"See '{command} --help'."], error);
    }

    [Fact]
    public async Task EveryRefusedValueIsSaid_AndAValueOfTheWrongTypeStaysTheParsersError()
    {
        var (exitCode, error) = await Vae("score /nonexistent/run --k 0 --subset 0");
        Assert.Equal(2, exitCode);
        Assert.Equal(["vae score: --k must lie in 1 … 100000, got 0.", "vae score: --subset must be at least 1, got 0.", "See 'vae score --help'."], error);

        (exitCode, error) = await Vae("sample /nonexistent/run --n abc");
        Assert.Equal(2, exitCode);
        Assert.StartsWith("vae sample: Cannot parse argument 'abc' for option '--n'", Assert.Single(error, l => l.Contains("--n")));
    }
}
