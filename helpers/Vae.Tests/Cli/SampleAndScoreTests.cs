using System.Globalization;

namespace Vae.Tests.Cli;

/// <summary>`vae sample` and `vae score` as a user runs them, on a small checkpoint trained by `vae train`.</summary>
public class SampleAndScoreTests
{
    private static readonly Lazy<string> Run = new(() =>
    {
        var dir = TestPaths.TempDirectory("cli-sample-score");
        var (code, _, err) = CliTests.RunVae("train", "--hidden", "32", "--z", "3", "--epochs", "1", "--subset", "512", "--test-subset", "128",
            "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err);
        return dir;
    });

    [Fact]
    public void Sample_WritesAPngGridAndAnHtmlFigure()
    {
        var png = Path.Combine(TestPaths.TempDirectory("cli-sample"), "samples.png");
        var (code, output, err) = CliTests.RunVae("sample", Run.Value, "--n", "10", "--seed", "3", "--out", png);
        Assert.True(code == 0, err);
        Assert.Contains("10 samples", output);
        // 10 samples in 3 rows of 4 (4·28 + 3 gaps of 2 = 118 wide), enlarged 5× to about 600 pixels.
        var decoded = PngDecoder.Decode(File.ReadAllBytes(png));
        Assert.Equal((5 * 118, 5 * (3 * 28 + 4)), (decoded.Width, decoded.Height));
        var html = File.ReadAllText(Path.ChangeExtension(png, ".html"));
        Assert.Contains("\"type\":\"image\"", html);
        // The seed fixes the samples.
        var again = Path.Combine(Path.GetDirectoryName(png)!, "again.png");
        Assert.Equal(0, CliTests.RunVae("sample", Run.Value, "--n", "10", "--seed", "3", "--out", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(png), File.ReadAllBytes(again));
    }

    [Fact]
    public void Score_WritesPerImageNegativeElbo_AndImportanceSampledLogLikelihood()
    {
        var csv = Path.Combine(TestPaths.TempDirectory("cli-score"), "scores.csv");
        var (code, output, err) = CliTests.RunVae("score", Run.Value, "--subset", "40", "--k", "30", "--out", csv);
        Assert.True(code == 0, err);
        Assert.Contains("mean −log p(x)", output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,label,neg_elbo,neg_log_px", lines[0]);
        Assert.Equal(41, lines.Length);
        var rows = lines[1..].Select(l => l.Split(',')).ToArray();
        Assert.Equal("7", rows[0][1]);   // the first test digit
        var elbo = rows.Average(r => double.Parse(r[2], CultureInfo.InvariantCulture));
        var logPx = rows.Average(r => double.Parse(r[3], CultureInfo.InvariantCulture));
        Assert.True(logPx < elbo, $"mean −log p̂ {logPx} should lie below mean −ELBO {elbo}");

        (code, _, err) = CliTests.RunVae("score", Run.Value, "--dataset", "fashion-mnist", "--subset", "20", "--out", csv);
        Assert.True(code == 0, err);
        lines = File.ReadAllLines(csv);
        Assert.Equal("index,label,neg_elbo", lines[0]);
        Assert.Equal("9", lines[1].Split(',')[1]);   // Fashion-MNIST's first test image is an ankle boot
    }

    [Theory]
    [InlineData("sample /nonexistent/run", "No checkpoint at '/nonexistent/run'", 1)]
    [InlineData("score /nonexistent/run", "No checkpoint at '/nonexistent/run'", 1)]
    [InlineData("score RUN --k 0", "--k must lie in 1 … 100000", 2)]
    [InlineData("score RUN --split validation", "validation", 2)]
    [InlineData("score RUN --dataset cifar", "cifar", 2)]
    [InlineData("sample RUN --n 0", "--n must lie in 1 … 4096", 2)]
    [InlineData("sample RUN --out samples.jpg", "--out must name a .png file", 2)]
    [InlineData("train --objective gan", "gan", 2)]
    [InlineData("train --classes 0-x --epochs 1", "--classes takes labels 0–9", 2)]
    public void BadArguments_GiveOneClearLineAndTheExitCode(string args, string expected, int exit)
    {
        var (code, _, err) = CliTests.RunVae(args.Split(' ').Select(a => a == "RUN" ? Run.Value : a).ToArray());
        Assert.Equal(exit, code);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Help_DescribesTheNewCommands()
    {
        var (code, output, _) = CliTests.RunVae("--help");
        Assert.Equal(0, code);
        Assert.Contains("sample", output);
        Assert.Contains("score", output);
        (code, output, _) = CliTests.RunVae("score", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--k", output);
        Assert.Contains("--dataset", output);
    }
}
