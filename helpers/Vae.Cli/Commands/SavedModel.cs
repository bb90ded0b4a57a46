using System.CommandLine;
using Vae.Models;
using Vae.Training;
using static TorchSharp.torch;

namespace Vae.Cli.Commands;

/// <summary>
/// What eval, figures, score and sample open first: the checkpoint given, its record, the device asked for (--device) and
/// the model loaded onto it. Disposing it frees the model.
/// </summary>
internal sealed record SavedModel(string Path, CheckpointInfo Info, Device Device, VaeModel Model) : IDisposable
{
    public static SavedModel Open(ParseResult parsed, Argument<string> checkpoint, Option<string> device)
    {
        var path = parsed.GetValue(checkpoint)!;
        var info = Checkpoint.ReadInfo(path);
        var target = Vae.Torch.Devices.Parse(parsed.GetValue(device)!);
        return new SavedModel(path, info, target, Checkpoint.LoadModel(path, target));
    }

    /// <summary>The run folder the checkpoint is in, where the commands write by default.</summary>
    public string RunFolder => Checkpoint.RunFolder(Path);

    public void Dispose() => Model.Dispose();
}
