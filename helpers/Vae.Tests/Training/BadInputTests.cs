using System.Text;
using System.Text.Json.Nodes;
using Vae.Drawing;
using Vae.Torch;
using Vae.Data;
using Vae.Models;
using Vae.Training;
using static TorchSharp.torch;

namespace Vae.Tests.Training;

/// <summary>
/// What a careful user tried and got wrong answers for: each bad input is now a clear error naming the thing and
/// the fix, with the right exit code, and nothing of a run is lost or silently replaced.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class BadInputTests
{
    private static TrainingConfig Small(int epochs) => new()
    {
        Model = new ModelConfig { Hidden = [32], Z = 2 },
        Epochs = epochs,
        Subset = 512,
        TestSubset = 256,
        Device = "cpu",
        Seed = 3,
    };

    private static string TrainedRun(string name, int epochs = 1)
    {
        var dir = TestPaths.TempDirectory(name);
        using var trainer = Trainer.Create(Small(epochs), dir);
        trainer.Run();
        return dir;
    }

    private static string WeightsFile(string dir) => Path.Combine(dir, Checkpoint.ReadInfo(dir).Weights);

    [Fact]
    public void SubsetLargerThanTheDataSet_IsAnErrorNamingItsSize()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Load("mnist", Split.Train, CPU, subset: 100_000));
        Assert.Contains("100,000", e.Message);
        Assert.Contains("mnist train has 60,000", e.Message);
        var (code, _, err) = CliTests.RunVae("train", "--subset", "100000", "--epochs", "1", "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("60,000", err);
    }

    [Fact]
    public void ResumeWithNoEpochsLeft_SaysWhatToPass_AndExitsNonZero()
    {
        var dir = TrainedRun("resume-done", epochs: 2);
        var e = Assert.Throws<ConfigurationException>(() => Trainer.Resume(dir, epochs: 1));
        Assert.Equal("Epochs", e.Property);
        Assert.Contains("already trained 2 epoch(s)", e.Message);
        Assert.Contains("ask for 3 to train one more", e.Message);
        Assert.Contains("ask for 3", Assert.Throws<ConfigurationException>(() => Trainer.Resume(dir)).Message);
        var (code, _, err) = CliTests.RunVae("train", "--resume", dir, "--epochs", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("vae train: --epochs is the new total", err);
        Assert.Contains("ask for 3 to train one more", err);
    }

    [Fact]
    public void FiguresWithNoPoints_IsAUsageError()
    {
        var dir = TrainedRun("figures-points");
        var (code, _, err) = CliTests.RunVae("figures", dir, "--points", "0", "--out", TestPaths.TempDirectory("figures-out"));
        Assert.Equal(2, code);
        Assert.Contains("--points must be at least 1", err);
    }

    /// <summary>A float32 tensor relabelled int32 in the safetensors header: the same bytes, read as something else.</summary>
    [Fact]
    public void ATensorOfTheWrongDtype_IsRefused_NamingTensorDtypesAndFile()
    {
        var dir = TrainedRun("dtype");
        var file = WeightsFile(dir);
        var bytes = File.ReadAllBytes(file);
        var headerLength = (int)BitConverter.ToInt64(bytes, 0);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!.AsObject();
        header["model.encoder.2.weight"]!["dtype"] = "I32";
        var text = header.ToJsonString().PadRight(headerLength);   // same length, so the offsets stay valid
        Assert.Equal(headerLength, Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text).CopyTo(bytes, 8);
        File.WriteAllBytes(file, bytes);

        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadModel(dir));
        Assert.Contains("'model.encoder.2.weight' is Int32, the model's is Float32", e.Message);
        Assert.Contains(file, e.Message);
        var before = File.ReadAllBytes(file);
        var (code, _, err) = CliTests.RunVae("train", "--resume", dir, "--epochs", "2");
        Assert.Equal(1, code);
        Assert.Contains("Int32", err);
        Assert.Equal(before, File.ReadAllBytes(file));   // the run is not overwritten
    }

    [Fact]
    public void ACheckpointFullOfNaN_IsRefused_NamingTheFirstBadTensor()
    {
        var dir = TrainedRun("nan-weights");
        var file = WeightsFile(dir);
        var tensors = Safetensors.Load(file);
        foreach (var t in tensors.Values) if (t.is_floating_point()) t.fill_(float.NaN);
        Safetensors.Save(file, tensors);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadModel(dir));
        Assert.Contains("NaN or infinite", e.Message);
        Assert.Contains("'model.", e.Message);
        var (code, _, err) = CliTests.RunVae("eval", dir);
        Assert.Equal(1, code);
        Assert.Contains("NaN or infinite", err);
    }

    [Theory]
    [InlineData("weights", null, "field 'weights' is missing or empty")]
    [InlineData("weights", "../elsewhere.safetensors", "must name a .safetensors file in the same folder")]
    [InlineData("epoch", 0, "field 'epoch' must be at least 1")]
    [InlineData("config", null, "field 'config' is missing")]
    [InlineData("history", null, "field 'history' is missing")]
    public void EveryFieldOfCheckpointJson_IsValidated_NamingFileAndField(string field, object? value, string expected)
    {
        var dir = TrainedRun("json-" + field);
        var path = Path.Combine(dir, Checkpoint.InfoFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[field] = value is null ? null : JsonValue.Create(value);
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir));
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
        var (code, _, err) = CliTests.RunVae("eval", dir);
        Assert.Equal(1, code);                          // a broken run, not a usage error
        Assert.Contains(expected, err);
    }

    [Fact]
    public void ABadValueInCheckpointJson_IsReportedAsTheFilesNotAsAFlag()
    {
        var dir = TrainedRun("json-epochs");
        var path = Path.Combine(dir, Checkpoint.InfoFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["config"]!["epochs"] = -3;
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir));
        Assert.Contains($"{path}: field 'config.epochs' must be at least 1, got -3", e.Message);
        Assert.DoesNotContain("--epochs", e.Message);
    }

    [Fact]
    public void TemporariesOfAKilledSave_AreRemovedByResume_ButNotThoseOfALiveProcess()
    {
        var dir = TrainedRun("stale", epochs: 1);
        var dead = Path.Combine(dir, "checkpoint-epoch0002.safetensors.tmp-999999999-0123abcd");
        var alive = Path.Combine(dir, $"history.json.tmp-{Environment.ProcessId}-4567");
        File.WriteAllText(dead, "half a file");
        File.WriteAllText(alive, "being written");
        using (Trainer.Resume(dir, epochs: 2)) { }
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(alive));
        File.Delete(alive);
    }

    [Fact]
    public void WeightsWithoutCheckpointJson_AreExplained_AndReplacedByANewRun()
    {
        var dir = TrainedRun("orphan");
        File.Delete(Path.Combine(dir, Checkpoint.InfoFile));   // as a kill between the two renames of the first save leaves it
        var e = Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadInfo(dir));
        Assert.Contains("checkpoint-epoch0001.safetensors but no checkpoint.json", e.Message);
        Assert.Contains("interrupted", e.Message);
        var (code, _, err) = CliTests.RunVae("eval", dir);
        Assert.Equal(1, code);
        Assert.Contains("interrupted", err);
        using (var trainer = Trainer.Create(Small(1), dir)) trainer.Run();
        Assert.Equal(1, Checkpoint.ReadInfo(dir).Epoch);
    }

    [Fact]
    public void OutPointingAtAFile_FailsBeforeTraining()
    {
        var file = Path.Combine(TestPaths.TempDirectory("out-file"), "a-file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<ArgumentException>(() => Trainer.Create(Small(1) with { Subset = 60_000 }, file));
        Assert.Contains("is a file", e.Message);
        // Nothing was trained or written: the file is as it was, and nothing appeared beside it.
        Assert.Equal(0, new FileInfo(file).Length);
        Assert.Equal([file], Directory.GetFileSystemEntries(Path.GetDirectoryName(file)!));
    }

    [Fact]
    public void Divergence_NamesWhatWasUnusualInTheConfiguration()
    {
        using var trainer = Trainer.Create(Small(1) with { Beta = 1e300 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Contains("β = 1E+300 weighs the KL term", e.Message);
        Assert.DoesNotContain("log-variance", e.Message);
    }
}
