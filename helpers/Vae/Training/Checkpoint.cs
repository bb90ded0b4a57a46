using System.Text.Json;
using Vae.Models;
using Vae.Torch;

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

/// <summary>
/// A training run's checkpoint in a folder: checkpoint-epochNNNN.safetensors (model weights as
/// "model.*", Adam's state as "optimizer.*") and checkpoint.json (epoch, configuration, history),
/// which names the weights file and is written last. Each file is written to a temporary name and
/// renamed, so an interrupted save leaves the previous checkpoint whole.
/// </summary>
public static class Checkpoint
{
    public const string Format = "vae-workbook checkpoint 1";
    public const string InfoFile = "checkpoint.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Save(string directory, VaeModel model, Adam optimizer, TrainingConfig config, int epoch,
        IReadOnlyList<EpochRecord> history)
    {
        Directory.CreateDirectory(directory);
        var weights = $"checkpoint-epoch{epoch:D4}.safetensors";
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in model.state_dict()) tensors["model." + name] = t;
        var optimizerState = optimizer.state_dict();
        foreach (var (name, t) in optimizerState) tensors["optimizer." + name] = t;
        try
        {
            safetensors.save_file(tensors, Path.Combine(directory, weights),
                new Dictionary<string, string> { ["format"] = Format, ["epoch"] = epoch.ToString() });
        }
        finally
        {
            foreach (var t in optimizerState.Values) t.Dispose();
        }

        var info = new CheckpointInfo
        {
            Epoch = epoch,
            Weights = weights,
            Config = config,
            Model = model.Config.ToString(),
            Parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape),
            History = [.. history],
            Libtorch = torch.version,
            Device = model.device.ToString(),
            Saved = DateTimeOffset.Now,
        };
        var infoPath = Path.Combine(directory, InfoFile);
        AtomicFile.WriteAllText(infoPath, JsonSerializer.Serialize(info, Json));
        AtomicFile.WriteAllText(Path.Combine(directory, "history.csv"), EpochRecord.ToCsv(history));
        AtomicFile.WriteAllText(Path.Combine(directory, "history.json"), JsonSerializer.Serialize(history, Json));

        // Older weights files are removed only once checkpoint.json points past them.
        foreach (var old in Directory.GetFiles(directory, "checkpoint-epoch*.safetensors"))
            if (Path.GetFileName(old) != weights) File.Delete(old);
        return infoPath;
    }

    /// <summary>The checkpoint.json of a run folder (or the file itself).</summary>
    public static string Resolve(string path) =>
        Directory.Exists(path) ? Path.Combine(path, InfoFile) : path;

    public static bool Exists(string path) => File.Exists(Resolve(path));

    public static CheckpointInfo ReadInfo(string path)
    {
        var file = Resolve(path);
        if (!File.Exists(file))
            throw new FileNotFoundException($"No checkpoint at '{path}': expected {file}, written by `vae train --out {path}`.", file);
        CheckpointInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not a valid checkpoint description ({e.Message}).");
        }
        if (info is null || info.Format != Format)
            throw new InvalidDataException($"'{file}' is not a checkpoint of this workbook (format '{info?.Format}', expected '{Format}').");
        return info;
    }

    /// <summary>The model a checkpoint holds, built from its configuration, weights loaded, in eval mode.</summary>
    public static VaeModel LoadModel(string path, Device? device = null)
    {
        var info = ReadInfo(path);
        var model = VaeModel.Create(info.Config.Model);
        try
        {
            Restore(path, info, model, optimizer: null);
            if (device is { } d) model.to(d);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads weights (and optimizer state, when given) into an existing model. A checkpoint of
    /// another architecture is an error naming both architectures and the mismatching parameters.
    /// </summary>
    public static void Restore(string path, CheckpointInfo info, VaeModel model, Adam? optimizer)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(Resolve(path)))!;
        if (!info.Config.Model.Validate().Equals(model.Config))
            throw new TorchException($"Checkpoint '{path}' holds a {info.Model} but the model is a {model.Config}; " +
                                     "build the model from the checkpoint (Checkpoint.LoadModel) or train a new one.");
        var weightsPath = Path.Combine(directory, info.Weights);
        var tensors = safetensors.load_file(weightsPath, model.device);
        try
        {
            var modelState = Part(tensors, "model.");
            model.load_state_dict(modelState);
            optimizer?.load_state_dict(Part(tensors, "optimizer."));
        }
        catch (TorchException e)
        {
            throw new TorchException($"Checkpoint '{path}' does not fit this model: {e.Message}");
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static Dictionary<string, Tensor> Part(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
