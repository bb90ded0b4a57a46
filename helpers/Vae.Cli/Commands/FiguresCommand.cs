using System.CommandLine;
using Vae.Data;
using Vae.Figures;
using Vae.Models;
using Vae.Drawing;

namespace Vae.Cli.Commands;

/// <summary>`vae figures CHECKPOINT`: the lecture's figures of a trained model as HTML (interactive) and PNG.</summary>
public static class FiguresCommand
{
    public static Command Create()
    {
        var checkpoint = Options.Checkpoint();
        var output = new Option<string?>("--out") { Description = "Folder for the figures (default: <checkpoint>/figures)." };
        var device = Options.Device();
        var points = new Option<int>("--points") { Description = "Test images in the encoding scatter and the explorer.", DefaultValueFactory = _ => 1000 }
            .AtLeast(1, " (test images in the scatter)");
        var seed = Options.Seed("the prior samples");
        var command = new Command("figures", "Write the figures of a checkpoint: encoding, decoding, latent space, a live latent explorer (MLP runs), prior samples, training curves.")
        {
            checkpoint, output, device, points, seed,
        };
        command.SetAction(parsed => Cli.Guard("vae figures", () =>
        {
            using var saved = SavedModel.Open(parsed, checkpoint, device);
            var (info, model) = (saved.Info, saved.Model);
            var directory = parsed.GetValue(output) ?? Path.Combine(saved.RunFolder, "figures");
            using var test = Dataset.Load(info.Config.Dataset, Split.Test, saved.Device);
            TorchSharp.torch.manual_seed(parsed.GetValue(seed));
            var figures = new (string Name, Figure Figure)[]
            {
                ("encoding", LectureFigures.Encoding(model, test, parsed.GetValue(points))),
                ("decoding", LectureFigures.Reconstructions(model, test, [.. Enumerable.Range(0, 10)])),
                ("latent-space", LectureFigures.LatentSpace(model)),
                ("prior-samples", LectureFigures.PriorSamples(model)),
                ("training-curves", LectureFigures.TrainingCurves(info.History)),
            };
            foreach (var (name, figure) in figures)
            {
                figure.SaveHtml(Path.Combine(directory, name + ".html"));
                // Small strips are enlarged (nearest neighbour) so the PNG is legible on its own.
                if (figure.Kind == "image") figure.SavePng(Path.Combine(directory, name + ".png"), maxSide: 600);
            }
            // The explorer runs the decoder in the page; the conv decoder has no in-page version, so its runs go without.
            var explorer = model is MlpVae;
            if (explorer) LectureFigures.Explorer(model, test, parsed.GetValue(points)).SaveHtml(Path.Combine(directory, "latent-explorer.html"));
            else Console.WriteLine("latent-explorer.html skipped: the explorer runs MLP decoders only (this run is a conv VAE).");
            Console.WriteLine($"{figures.Length + (explorer ? 1 : 0)} figures of {info.Model} (epoch {info.Epoch}) in {directory}");
            return 0;
        }));
        return command;
    }
}
