using System.Text.Json;
using Vae.Data;
using Vae.Drawing;
using Vae.Models;
using TorchSharp;
using Vae.Torch;
using Vae.Training;

namespace Vae.Tests.Training;

// Resume_TwoPlusTwoEpochs_EqualsFourEpochsStraight compares two seeded runs draw for draw.
[Collection(GlobalRandomCollection.Name)]
public class TrainerTests
{
    private static TrainingConfig Small(int epochs) => new()
    {
        Model = new ModelConfig { Hidden = [64, 64], Z = 2 },
        Epochs = epochs,
        Subset = 1024,
        TestSubset = 256,
        Device = "cpu",
        Seed = 7,
    };

    private static float[] Weights(VaeModel model) => model.parameters().SelectMany(p => p.ToArray<float>()).ToArray();

    [Fact]
    public void Resume_TwoPlusTwoEpochs_EqualsFourEpochsStraight()
    {
        var straightDir = TestPaths.TempDirectory("straight");
        var resumedDir = TestPaths.TempDirectory("resumed");
        IReadOnlyList<EpochRecord> straight;
        float[] straightWeights;
        using (var trainer = Trainer.Create(Small(4), straightDir))
        {
            straight = trainer.Run().ToList();
            straightWeights = Weights(trainer.Model);
        }
        using (var first = Trainer.Create(Small(2), resumedDir)) first.Run();
        using var resumed = Trainer.Resume(resumedDir, epochs: 4);
        Assert.Equal(2, resumed.Epoch);
        var history = resumed.Run();
        static IEnumerable<EpochRecord> Figures(IEnumerable<EpochRecord> h) => h.Select(r => r with { Seconds = 0 });
        Assert.Equal(Figures(straight), Figures(history));
        Assert.Equal(straightWeights, Weights(resumed.Model));
        Assert.Equal(4, Checkpoint.ReadInfo(resumedDir).Epoch);
    }

    [Fact]
    public void Run_LowersTheLossAndWritesCheckpointAndHistory()
    {
        var dir = TestPaths.TempDirectory("run");
        using var trainer = Trainer.Create(Small(3) with { CheckpointEvery = 2 }, dir);
        var epochs = new List<int>();
        trainer.Progress = p => { if (p.Completed is not null) epochs.Add(p.Epoch); };
        var history = trainer.Run();
        Assert.Equal(new[] { 1, 2, 3 }, epochs);
        Assert.True(history[2].TrainLoss < history[0].TrainLoss, $"train −ELBO {history[0].TrainLoss} → {history[2].TrainLoss}");
        Assert.True(history[2].TestLoss < history[0].TestLoss);
        Assert.All(history, r => Assert.Equal(r.TestLoss, r.TestReconstruction + r.TestKl, 3));
        // Checkpoints at epoch 2 and at the end (3); only the newest weights file is kept, no temporary files.
        Assert.Equal(new[] { "checkpoint-epoch0003.safetensors", "checkpoint.json", "history.csv", "history.json" },
            Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        var csv = File.ReadAllLines(Path.Combine(dir, "history.csv"));
        Assert.Equal(EpochRecord.CsvHeader, csv[0]);
        Assert.Equal(4, csv.Length);
        var json = JsonSerializer.Deserialize<List<EpochRecord>>(File.ReadAllText(Path.Combine(dir, "history.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(history, json);
    }

    [Fact]
    public void LoadModel_GivesBackTheTrainedWeights()
    {
        var dir = TestPaths.TempDirectory("load");
        float[] expected;
        using (var trainer = Trainer.Create(Small(1), dir))
        {
            trainer.Run();
            expected = Weights(trainer.Model);
        }
        using var model = Checkpoint.LoadModel(dir);
        Assert.False(model.training);
        Assert.Equal(expected, Weights(model));
    }

    [Fact]
    public void Restore_IntoAnotherArchitecture_NamesBothArchitectures()
    {
        var dir = TestPaths.TempDirectory("mismatch");
        using (var trainer = Trainer.Create(Small(1), dir)) trainer.Run();
        using var other = VaeModel.Create(new ModelConfig { Hidden = [32], Z = 3 });
        var e = Assert.Throws<CheckpointException>(() => CheckpointFiles.Restore(dir, Checkpoint.ReadInfo(dir), other, null));
        Assert.Contains("784-64-64-2", e.Message);
        Assert.Contains("784-32-3", e.Message);
    }

    [Fact]
    public void Restore_WeightsOfTheWrongShape_NamesTheKey()
    {
        var dir = TestPaths.TempDirectory("reshaped");
        using (var trainer = Trainer.Create(Small(1), dir)) trainer.Run();
        // Same configuration on record, but the weights file swapped for one of a wider model.
        var info = Checkpoint.ReadInfo(dir);
        using (var wider = VaeModel.Create(new ModelConfig { Hidden = [65, 64], Z = 2 }))
            Safetensors.Save(Path.Combine(dir, info.Weights), wider.state_dict().ToDictionary(kv => "model." + kv.Key, kv => kv.Value));
        using var model = VaeModel.Create(info.Config.Model);
        var e = Assert.Throws<CheckpointException>(() => CheckpointFiles.Restore(dir, info, model, null));
        Assert.Contains("'model.encoder.0.weight' has shape [65, 784]", e.Message);
    }

    [Fact]
    public void ReadInfo_MissingOrCorruptCheckpoint_SaysWhatIsWrong()
    {
        var dir = TestPaths.TempDirectory("bad");
        var missing = Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadInfo(dir));
        Assert.Contains("which a training run writes into its folder", missing.Message);
        File.WriteAllText(Path.Combine(dir, Checkpoint.InfoFile), "{ not json");
        Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir));
        File.WriteAllText(Path.Combine(dir, Checkpoint.InfoFile), "{\"format\": \"something else\"}");
        Assert.Contains("not a checkpoint of this workbook", Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir)).Message);
    }

    [Fact]
    public void NonFiniteLoss_StopsWithEpochAndStepAndKeepsTheLastGoodCheckpoint()
    {
        var dir = TestPaths.TempDirectory("nan");
        using var trainer = Trainer.Create(Small(3), dir);
        trainer.RunEpoch();
        trainer.SaveCheckpoint();
        var good = File.ReadAllBytes(Path.Combine(dir, "checkpoint-epoch0001.safetensors"));
        // Poison a weight after the third step of epoch 2: the fourth step's loss is NaN.
        trainer.Progress = p =>
        {
            if (p.Epoch == 2 && p.Step == 3 && p.Completed is null)
                using (torch.no_grad()) trainer.Model.parameters().First().fill_(float.NaN);
        };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Contains("at epoch 2, step 4 of 8", e.Message);
        Assert.Contains("epoch 1", e.Message);
        Assert.Contains(dir, e.Message);
        Assert.Equal(1, Checkpoint.ReadInfo(dir).Epoch);
        Assert.Equal(good, File.ReadAllBytes(Path.Combine(dir, "checkpoint-epoch0001.safetensors")));
    }

    [Fact]
    public void NonFiniteLoss_ReadInBlocks_IsStillReportedWithItsExactStep()
    {
        // As on a GPU: losses read from the device every 3 steps; the poisoned step is the fifth.
        using var trainer = Trainer.Create(Small(1));
        trainer.LossReadEvery = 3;
        var reported = new List<int>();
        trainer.Progress = p =>
        {
            reported.Add(p.Step);
            if (p.Step == 4)
                using (torch.no_grad()) trainer.Model.parameters().First().fill_(float.NaN);
        };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Contains("at epoch 1, step 5 of 8", e.Message);
        Assert.Equal([1, 2, 3, 4, 5], reported);
    }

    [Fact]
    public void LossReadInBlocks_GivesTheSameHistoryAsEveryStep()
    {
        using var everyStep = Trainer.Create(Small(1));
        using var blocks = Trainer.Create(Small(1));
        blocks.LossReadEvery = 3;
        Assert.Equal(everyStep.Run(), blocks.Run(), (a, b) => a with { Seconds = 0 } == b with { Seconds = 0 });
    }

    [Fact]
    public void Config_RejectsBadValuesNamingTheProperty()
    {
        Assert.Equal("Epochs must be at least 1, got 0.", Assert.Throws<ConfigurationException>(() => Small(0).Validate()).Message);
        Assert.Equal("Lr", Assert.Throws<ConfigurationException>(() => (Small(1) with { Lr = -1 }).Validate()).Property);
        Assert.Equal("Beta", Assert.Throws<ConfigurationException>(() => (Small(1) with { Beta = double.NaN }).Validate()).Property);
        Assert.Equal("Model.Z", Assert.Throws<ConfigurationException>(() => (Small(1) with { Model = new() { Z = 0 } }).Validate()).Property);
        // The command names its flags instead.
        Assert.Equal("--batch-size", Vae.Cli.Commands.Options.Flag("BatchSize"));
        Assert.Equal("--z", Vae.Cli.Commands.Options.Flag("Model.Z"));
    }

    [Fact]
    public void CudaDevice_WithoutCuda_IsAClearError()
    {
        if (torch.cuda.is_available()) return;
        var e = Assert.Throws<DeviceNotAvailableException>(() => Trainer.Create(Small(1) with { Device = "cuda" }));
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
    }
}
