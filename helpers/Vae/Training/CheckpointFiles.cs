using System.Text.Json;
using Vae.Models;
using Vae.Torch;
using Vae.Training;
using static TorchSharp.torch;
using Vae.Core;

namespace Vae.Training;

/// <summary>
/// What could be wrong with a checkpoint's two files, checked before anything is loaded: every field of
/// checkpoint.json, and every tensor of the weights (name, shape, dtype, finite values) against the model.
/// </summary>
internal static class CheckpointFiles
{
    /// <summary>checkpoint.json with every field checked: an error names the file and the field.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        var file = Checkpoint.InfoPath(path);
        if (!File.Exists(file))
        {
            var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(file))!;
            var orphans = Directory.Exists(folder) ? Directory.GetFiles(folder, Checkpoint.WeightsPattern) : [];
            if (orphans.Length > 0)
                throw new FileNotFoundException(
                    $"No checkpoint at '{path}': it holds {Path.GetFileName(orphans[0])} but no {Checkpoint.InfoFile}, so the first save was " +
                    $"interrupted before its description was written. Train into this folder again (the stray weights are then replaced).", file);
            throw new FileNotFoundException($"No checkpoint at '{path}': expected {file}, which a training run writes into its folder.", file);
        }
        const string fix = "Use a folder a training run wrote, or train again.";
        CheckpointInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(file), Checkpoint.Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(file, $"not a valid checkpoint description ({e.Message})", fix);
        }
        if (info is null) throw new CheckpointException(file, "it is empty (null)", fix);
        if (info.Format != Checkpoint.Format)
            throw new CheckpointException(file, $"not a checkpoint of this workbook (format '{info.Format}', expected '{Checkpoint.Format}')", fix);
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
    /// Loads weights (and optimizer state, when given) into an existing model. Every tensor is checked against the
    /// model before anything is replaced: its name, shape and dtype, and that it holds finite numbers. A checkpoint of
    /// another architecture is an error naming both architectures.
    /// </summary>
    public static void Restore(string path, CheckpointInfo info, VaeModel model, FusedAdam? optimizer)
    {
        var directory = Checkpoint.RunFolder(path);
        AtomicFile.RemoveStale(directory);
        if (!info.Config.Model.Validate().Equals(model.Config))
            throw new CheckpointException(Checkpoint.InfoPath(path), $"it holds a {info.Model} but the model is a {model.Config}",
                "Build the model from the checkpoint (Checkpoint.LoadModel) or train a new one.");
        var weightsPath = Path.Combine(directory, info.Weights);
        const string fix = "Resume from an intact run, or train again.";
        if (!File.Exists(weightsPath))
            throw new CheckpointException(weightsPath, $"the weights file named by {Checkpoint.InfoFile} does not exist", fix);
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
}
