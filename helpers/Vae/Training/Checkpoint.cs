using System.Text.Json;
using TorchSharp;
using Vae.Models;
using static TorchSharp.torch;
using Vae.Core;

namespace Vae.Training;

/// <summary>What checkpoint.json records beside the weights file.</summary>
public sealed record CheckpointInfo
{
    public string Format { get; init; } = Checkpoint.Format;
    public int Epoch { get; init; }
    public string Weights { get; init; } = "";
    public TrainingConfig Config { get; init; } = new();
    public string Model { get; init; } = "";
    public Dictionary<string, long[]> Parameters { get; init; } = [];
    public List<EpochRecord> History { get; init; } = [];
    public string Libtorch { get; init; } = "";
    public string Device { get; init; } = "";
    public DateTimeOffset Saved { get; init; }
}

/// <summary>A checkpoint that cannot be used; the message names the file, what is wrong and what to do.</summary>
public sealed class CheckpointException(string file, string problem, string fix)
    : Exception($"{file}: {problem}. {fix}")
{
    public string File { get; } = file;
}

/// <summary>
/// A training run's checkpoint in a folder: checkpoint-epochNNNN.safetensors (model weights as "model.*", Adam's
/// state as "optimizer.*", readable by PyTorch's safetensors) and checkpoint.json (epoch, configuration, history),
/// which names the weights file and is written last. Each file is written to a temporary name and renamed, and the
/// previous weights are deleted only after checkpoint.json points past them, so an interrupted save leaves the
/// previous checkpoint whole.
/// </summary>
public static class Checkpoint
{
    // 2: the MLP's encoder ends in one Linear layer of 2d outputs (μ and σ's h), as notebook 1's VAE does.
    public const string Format = "vae-workbook checkpoint 2";
    public const string InfoFile = "checkpoint.json";
    internal const string WeightsPattern = "checkpoint-epoch*.safetensors";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Saves a model, with the state of the Adam that trained it if given (its parameters in the model's order, as a
    /// state_dict lists them), so that a resume continues exactly; without one a resume starts Adam afresh.
    /// </summary>
    public static string Save(string directory, VaeModel model, FusedAdam? optimizer, TrainingConfig config, int epoch,
        IReadOnlyList<EpochRecord> history)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.RemoveStale(directory);
        var weights = $"checkpoint-epoch{epoch:D4}.safetensors";
        using (var scope = NewDisposeScope())
        {
            var tensors = new Dictionary<string, Tensor>();
            foreach (var (name, t) in model.state_dict()) tensors["model." + name] = t.cpu();
            if (optimizer is not null)
                foreach (var (name, t) in optimizer.state_dict()) tensors["optimizer." + name] = t;
            Safetensors.Save(Path.Combine(directory, weights), tensors);
        }

        var info = new CheckpointInfo
        {
            Epoch = epoch,
            Weights = weights,
            Config = config,
            Model = model.Config.ToString(),
            Parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape),
            History = [.. history],
            Libtorch = torch.__version__,
            Device = model.device.ToString(),
            Saved = DateTimeOffset.Now,
        };
        var infoPath = Path.Combine(directory, InfoFile);
        AtomicFile.WriteAllText(infoPath, JsonSerializer.Serialize(info, Json));
        AtomicFile.WriteAllText(Path.Combine(directory, "history.csv"), EpochRecord.ToCsv(history));
        AtomicFile.WriteAllText(Path.Combine(directory, "history.json"), JsonSerializer.Serialize(history, Json));

        foreach (var old in Directory.GetFiles(directory, WeightsPattern))
            if (Path.GetFileName(old) != weights) File.Delete(old);
        return infoPath;
    }

    /// <summary>The checkpoint.json of a run folder (or the file itself).</summary>
    public static string InfoPath(string path) =>
        Directory.Exists(path) ? Path.Combine(path, InfoFile) : path;

    /// <summary>The run folder of a checkpoint given as its folder or its checkpoint.json: where its files and figures go.</summary>
    public static string RunFolder(string path) => Path.GetDirectoryName(Path.GetFullPath(InfoPath(path)))!;

    public static bool Exists(string path) => File.Exists(InfoPath(path));

    /// <summary>Reads checkpoint.json and checks every field; an error names the file and the field.</summary>
    public static CheckpointInfo ReadInfo(string path) => CheckpointFiles.ReadInfo(path);

    /// <summary>
    /// The model a checkpoint holds, built from its configuration with its weights, for inference: in eval mode and with
    /// its parameters frozen, so that encoding and decoding record no gradients (Trainer.Resume continues training).
    /// </summary>
    public static VaeModel LoadModel(string path, Device? device = null)
    {
        var info = ReadInfo(path);
        var model = VaeModel.Create(info.Config.Model);
        try
        {
            CheckpointFiles.Restore(path, info, model, optimizer: null);
            if (device is not null) model.to(device);
            model.eval();
            foreach (var p in model.parameters()) p.requires_grad = false;
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
