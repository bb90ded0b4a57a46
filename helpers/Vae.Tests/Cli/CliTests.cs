namespace Vae.Tests.Cli;

/// <summary>The `vae` command as a user runs it: a separate process, its exit code and its output.</summary>
public class CliTests
{
    internal static ChildProcess.Result RunVae(params string[] args) => RunVae(new Dictionary<string, string>(), args);

    /// <summary>The command with extra environment variables (e.g. VAE_MNIST_DIR), its runs in a fresh folder.</summary>
    internal static ChildProcess.Result RunVae(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.Run("dotnet", [TestPaths.Cli, .. args],
            environment: new Dictionary<string, string>(environment) { ["VAE_RUNS"] = TestPaths.TempDirectory("cli-runs") });

    [Theory]
    [InlineData("train --epochs abc", "--epochs")]
    [InlineData("train --model rnn", "--model takes mlp or conv, got 'rnn'.")]
    [InlineData("train --sigma exp", "--sigma takes softplus or logvar, got 'exp'.")]
    [InlineData("train --hidden 500,x --epochs 1", "--hidden takes positive integers")]
    [InlineData("train --batch-size 0", "--batch-size must be at least 1")]
    [InlineData("train --device tpu", "Unknown device 'tpu'")]
    [InlineData("eval /nonexistent/run", "No checkpoint at '/nonexistent/run'")]
    [InlineData("frobnicate", "frobnicate")]
    public void BadArguments_GiveOneClearLineAndNonZeroExit(string args, string expected)
    {
        var (code, _, err) = RunVae(args.Split(' '));
        Assert.NotEqual(0, code);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Help_ShowsChoicesAndDefaultsAsTheyAreTyped()
    {
        var (code, output, _) = RunVae("train", "--help");
        Assert.Equal(0, code);
        Assert.Matches(@"--model <mlp\|conv> .*\[default: mlp\]", output);
        Assert.Matches(@"--sigma <softplus\|logvar> .*\[default: softplus\]", output);
        Assert.Matches(@"--objective <elbo\|autoencoder> .*\[default: elbo\]", output);
        Assert.Contains("[default: 500,500]", output);
        // Any case parses: the checkpoint and the run folder spell the kind as the enum does.
        Assert.Equal(0, RunVae("train", "--model", "MLP", "--sigma", "LogVar", "--hidden", "16", "--epochs", "1", "--subset", "256",
            "--test-subset", "256", "--device", "cpu", "--out", TestPaths.TempDirectory("cli-case")).ExitCode);
    }

    [CpuOnlyFact]
    public void CudaDevice_WithoutCuda_SaysHowToGetIt()
    {
        var (code, _, err) = RunVae("train", "--device", "cuda", "--epochs", "1", "--subset", "128");
        Assert.Equal(1, code);
        Assert.Contains("sees no CUDA GPU", err);
        Assert.Contains("The build switch: VAE_TORCH=cuda ./setup.sh.", err);   // the command adds its own switch to the library's advice
        Assert.DoesNotContain("   at ", err);
    }

    /// <summary>In a terminal `vae train` draws a live progress bar (Spectre); run it under a pseudo-terminal (script(1)).</summary>
    [Fact]
    public void TrainInATerminal_DrawsItsProgressAndFinishes()
    {
        var dir = TestPaths.TempDirectory("cli-tty");
        var command = $"dotnet {TestPaths.Cli} train --hidden 16 --epochs 2 --subset 512 --test-subset 256 --device cpu --out {dir}";
        var run = ChildProcess.Run("script", ["-qefc", command, "/dev/null"], environment: new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("epoch   2/2", run.Output);
        Assert.Equal(2, global::Vae.Training.Checkpoint.ReadInfo(dir).Epoch);
    }

    [Fact]
    public void TrainEvalAndResume_WorkEndToEnd()
    {
        var dir = TestPaths.TempDirectory("cli-train");
        var (code, output, err) = RunVae("train", "--hidden", "32", "--epochs", "1", "--subset", "512", "--test-subset", "256", "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err);
        Assert.Contains("epoch   1/1", output);
        (code, output, err) = RunVae("eval", dir, "--test-subset", "256");
        Assert.True(code == 0, err);
        Assert.Contains("test −ELBO", output);
        (code, _, err) = RunVae("train", "--resume", dir, "--model", "conv");
        Assert.Equal(2, code);
        Assert.Contains("--model conv conflicts with the checkpoint", err);
        (code, output, err) = RunVae("train", "--resume", dir, "--epochs", "2");
        Assert.True(code == 0, err);
        Assert.Contains("resuming after epoch 1 of 2", output);
        Assert.Contains("epoch   2/2", output);
    }
}
