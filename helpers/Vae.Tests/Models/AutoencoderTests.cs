using System.Text.Json.Nodes;
using Vae.Models;
using TorchSharp;
using Vae.Training;

namespace Vae.Tests.Models;

[Collection(GlobalRandomCollection.Name)]
public class AutoencoderTests
{
    private static TrainingConfig Small(Objective objective) => new()
    {
        Model = new ModelConfig { Hidden = [32], Z = 4 },
        Objective = objective,
        Epochs = 1,
        Subset = 512,
        TestSubset = 256,
        Device = "cpu",
    };

    [Fact]
    public void Loss_IsTheReconstructionOfDecodeMu_WithNoSamplingAndNoKl()
    {
        torch.manual_seed(0);
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16], Z = 3 });
        using var scope = torch.NewDisposeScope();
        var x = torch.rand([6, 784]);
        var byHand = Elbo.reconstruction_loss(model.decode(model.encode(x).mu), x).mean().ToDouble();
        var terms = Autoencoder.loss_per_image(model, x).mean();
        Assert.Equal(byHand, terms.loss.ToDouble(), 3);
        Assert.Equal(byHand, terms.reconstruction.ToDouble(), 3);
        Assert.Equal(0.0, terms.kl.ToDouble());
        // Deterministic (no z is drawn), and the σ head gets no gradient: it is not part of an auto-encoder.
        Assert.Equal(terms.loss.ToDouble(), Autoencoder.loss_per_image(model, x).mean().loss.ToDouble());
        terms.loss.backward();
        // The encoder's last layer is μ (rows 0 … 2) and σ's h (rows 3 … 5): only the μ rows learn.
        var grad = model.named_parameters().First(p => p.name == "encoder.2.weight").parameter.grad!;
        Assert.True(grad[..3].abs().sum().ToDouble() > 0);
        Assert.Equal(0.0, grad[3..].abs().sum().ToDouble());
        Assert.NotNull(model.named_parameters().First(p => p.name == "decoder.0.weight").parameter.grad);
    }

    [Fact]
    public void Trainer_WithTheAutoencoderObjective_MinimizesReconstructionAndRecordsIt()
    {
        var dir = TestPaths.TempDirectory("autoencoder");
        using (var trainer = Trainer.Create(Small(Objective.Autoencoder) with { Epochs = 2 }, dir))
        {
            var history = trainer.Run();
            Assert.All(history, r => Assert.Equal(0.0, r.TestKl));
            Assert.All(history, r => Assert.Equal(r.TestReconstruction, r.TestLoss, 6));
            Assert.True(history[1].TestLoss < history[0].TestLoss);
            // The test loss is the auto-encoder's own: decode(μ(x)) of the test images.
            torch.manual_seed(5);
            var again = Evaluation.Evaluate(trainer.Model, trainer.TestSet, trainer.Config);
            Assert.Equal(history[^1].TestLoss, again.Loss, 3);
        }
        Assert.Equal(Objective.Autoencoder, Checkpoint.ReadInfo(dir).Config.Objective);
        using var resumed = Trainer.Resume(dir, epochs: 3);
        Assert.Equal(Objective.Autoencoder, resumed.Config.Objective);
    }

    [Fact]
    public void ElboPath_IsUnchanged_ByTheObjectiveOption()
    {
        using var trainer = Trainer.Create(Small(Objective.Elbo));
        trainer.Run();
        torch.manual_seed(9);
        var viaConfig = Evaluation.Evaluate(trainer.Model, trainer.TestSet, trainer.Config);
        torch.manual_seed(9);
        var direct = Evaluation.Evaluate(trainer.Model, trainer.TestSet);
        Assert.Equal(direct, viaConfig);
        Assert.True(viaConfig.Kl > 0);
    }

    [Fact]
    public void Config_ValidatesTheObjective_AndOldCheckpointsReadAsElbo()
    {
        var e = Assert.Throws<ConfigurationException>(() => Small((Objective)7).Validate());
        Assert.Equal("Objective must be Elbo or Autoencoder, got 7.", e.Message);

        var dir = TestPaths.TempDirectory("old-checkpoint");
        using (var trainer = Trainer.Create(Small(Objective.Elbo), dir)) trainer.Run();
        // A checkpoint written before the option existed has no "objective" or "classes" in its configuration.
        var file = Path.Combine(dir, Checkpoint.InfoFile);
        var json = JsonNode.Parse(File.ReadAllText(file))!;
        var config = json["config"]!.AsObject();
        Assert.True(config.Remove("objective"));
        config.Remove("classes");
        File.WriteAllText(file, json.ToJsonString());
        var info = Checkpoint.ReadInfo(dir);
        Assert.Equal(Objective.Elbo, info.Config.Objective);
        Assert.Null(info.Config.Classes);
        Assert.Equal(Small(Objective.Elbo).Validate(), info.Config with { Epochs = 1 });
    }
}
