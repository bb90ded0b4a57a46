using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using Vae.Internal;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;

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
    private const string WeightsPattern = "checkpoint-epoch*.safetensors";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Saves a model trained by other code (notebook 1's own loop): a resume starts Adam afresh.</summary>
    public static string Save(string directory, VaeModel model, TrainingConfig config, int epoch, IReadOnlyList<EpochRecord> history) =>
        Save(directory, model, null, config, epoch, history);

    internal static string Save(string directory, VaeModel model, FusedAdam? optimizer, TrainingConfig config, int epoch,
        IReadOnlyList<EpochRecord> history)
    {
        Directory.CreateDirectory(directory);
        RemoveStaleTemporaries(directory);
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
    public static string Resolve(string path) =>
        Directory.Exists(path) ? Path.Combine(path, InfoFile) : path;

    /// <summary>The run folder of a checkpoint given as its folder or its checkpoint.json: where its files and figures go.</summary>
    public static string RunFolder(string path) => Path.GetDirectoryName(Path.GetFullPath(Resolve(path)))!;

    public static bool Exists(string path) => File.Exists(Resolve(path));

    /// <summary>Reads checkpoint.json and checks every field; an error names the file and the field.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        var file = Resolve(path);
        if (!File.Exists(file))
        {
            var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(file))!;
            var orphans = Directory.Exists(folder) ? Directory.GetFiles(folder, WeightsPattern) : [];
            if (orphans.Length > 0)
                throw new FileNotFoundException(
                    $"No checkpoint at '{path}': it holds {Path.GetFileName(orphans[0])} but no {InfoFile}, so the first save was " +
                    $"interrupted before its description was written. Train into this folder again (the stray weights are then replaced).", file);
            throw new FileNotFoundException($"No checkpoint at '{path}': expected {file}, which a training run writes into its folder.", file);
        }
        const string fix = "Use a folder a training run wrote, or train again.";
        CheckpointInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(file, $"not a valid checkpoint description ({e.Message})", fix);
        }
        if (info is null) throw new CheckpointException(file, "it is empty (null)", fix);
        if (info.Format != Format)
            throw new CheckpointException(file, $"not a checkpoint of this workbook (format '{info.Format}', expected '{Format}')", fix);
        void Require(bool ok, string field, string problem)
        {
            if (!ok) throw new CheckpointException(file, $"field '{field}' {problem}", fix);
        }
        Require(info.Epoch >= 1, "epoch", $"must be at least 1, got {info.Epoch}");
        Require(!string.IsNullOrEmpty(info.Weights), "weights", "is missing or empty; it names the .safetensors file beside it");
        Require(info.Weights == Path.GetFileName(info.Weights) && info.Weights.EndsWith(".safetensors", StringComparison.Ordinal),
            "weights", $"must name a .safetensors file in the same folder, got '{info.Weights}'");
        Require(info.Config is not null, "config", "is missing");
        Require(info.Config!.Model is not null, "config.model", "is missing");
        Require(info.History is not null, "history", "is missing");
        Require(info.History!.All(r => r is not null), "history", "has an empty entry");
        TrainingConfig config;
        try
        {
            config = info.Config.Validate();
        }
        catch (ConfigurationException e)
        {
            throw new CheckpointException(file, $"field 'config.{string.Join('.', e.Property.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName))}' {e.Problem}", fix);
        }
        return info with { Config = config };
    }

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
            Restore(path, info, model, optimizer: null);
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

    /// <summary>
    /// Loads weights (and optimizer state, when given) into an existing model. Every tensor is checked against the
    /// model before anything is replaced: its name, shape and dtype, and that it holds finite numbers. A checkpoint of
    /// another architecture is an error naming both architectures.
    /// </summary>
    internal static void Restore(string path, CheckpointInfo info, VaeModel model, FusedAdam? optimizer)
    {
        var directory = RunFolder(path);
        RemoveStaleTemporaries(directory);
        if (!info.Config.Model.Validate().Equals(model.Config))
            throw new CheckpointException(Resolve(path), $"it holds a {info.Model} but the model is a {model.Config}",
                "Build the model from the checkpoint (Checkpoint.LoadModel) or train a new one.");
        var weightsPath = Path.Combine(directory, info.Weights);
        const string fix = "Resume from an intact run, or train again.";
        if (!File.Exists(weightsPath))
            throw new CheckpointException(weightsPath, $"the weights file named by {InfoFile} does not exist", fix);
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = Safetensors.Load(weightsPath);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException(weightsPath, e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..], fix);
        }
        var modelState = Part(tensors, "model.");
        var expected = model.state_dict();
        foreach (var (name, want) in expected)
        {
            if (!modelState.TryGetValue(name, out var have))
                throw new CheckpointException(weightsPath, $"tensor 'model.{name}' is missing (a {model.Config} needs {expected.Count} tensors)", fix);
            if (have.dtype != want.dtype)
                throw new CheckpointException(weightsPath, $"tensor 'model.{name}' is {have.dtype}, the model's is {want.dtype}", fix);
            if (!have.shape.SequenceEqual(want.shape))
                throw new CheckpointException(weightsPath, $"tensor 'model.{name}' has shape {Tensors.Format(have.shape)}, the model's has {Tensors.Format(want.shape)}", fix);
        }
        var unexpected = modelState.Keys.Except(expected.Keys).ToList();
        if (unexpected.Count > 0)
            throw new CheckpointException(weightsPath, $"tensor(s) {string.Join(", ", unexpected.Select(n => $"'model.{n}'"))} do not belong to a {model.Config}", fix);
        foreach (var (name, t) in tensors)
            if (t.is_floating_point() && !isfinite(t).all().item<bool>())
                throw new CheckpointException(weightsPath, $"tensor '{name}' holds NaN or infinite values: the run diverged before this save", fix);
        var optimizerState = Part(tensors, "optimizer.");
        try
        {
            optimizer?.load_state_dict(optimizerState);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException(weightsPath, e.Message.TrimEnd('.'), fix);
        }
        model.load_state_dict(modelState.ToDictionary(kv => kv.Key, kv => kv.Value.to(model.device)));
    }

    private static Dictionary<string, Tensor> Part(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    /// <summary>
    /// Deletes the temporary files (name.tmp-PID-…) that a process killed in the middle of a save left in the run
    /// folder; those of a process that is still running are left alone.
    /// </summary>
    internal static void RemoveStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.GetFiles(directory, "*.tmp-*"))
        {
            var pid = Path.GetFileName(file).Split(".tmp-")[^1].Split('-')[0];
            // Named by AtomicFile after the writing process; anything else is not ours to delete.
            if (!int.TryParse(pid, out var writer) || writer == Environment.ProcessId || IsRunning(writer)) continue;
            try { File.Delete(file); } catch (IOException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
