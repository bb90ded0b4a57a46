using Vae.Models;
using Vae.Training;

namespace Vae.Tests.Cli;

/// <summary>`vae figures RUN` writes the latent explorer beside the other figures, for MLP runs; conv runs say why not.</summary>
public class FiguresCommandTests
{
    private static string TrainedRun(string name, ModelConfig model)
    {
        var dir = TestPaths.TempDirectory(name);
        using var trainer = Trainer.Create(new TrainingConfig { Model = model, Epochs = 1, Subset = 256, TestSubset = 64, Device = "cpu" }, dir);
        trainer.Run();
        return dir;
    }

    [Fact]
    public void AnMlpRunGetsLatentExplorerHtml()
    {
        var run = TrainedRun("figures-mlp", new ModelConfig { Hidden = [32, 32], Z = 2 });
        var output = TestPaths.TempDirectory("figures-mlp-out");
        var (code, stdout, err) = CliTests.RunVae("figures", run, "--points", "100", "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains("6 figures", stdout);
        var html = File.ReadAllText(Path.Combine(output, "latent-explorer.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("class=\"vae-explorer\"", html);
        Assert.Contains("μ of 100 test images", html);
    }

    [Fact]
    public void AConvRunSkipsTheExplorerAndSaysWhy()
    {
        var run = TrainedRun("figures-conv", new ModelConfig { Kind = ModelKind.Conv, Z = 2 });
        var output = TestPaths.TempDirectory("figures-conv-out");
        var (code, stdout, err) = CliTests.RunVae("figures", run, "--points", "50", "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains("latent-explorer.html skipped", stdout);
        Assert.Contains("5 figures", stdout);
        Assert.False(File.Exists(Path.Combine(output, "latent-explorer.html")));
    }
}
