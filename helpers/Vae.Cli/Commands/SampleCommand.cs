using System.CommandLine;
using Vae.Figures;

namespace Vae.Cli.Commands;

/// <summary>`vae sample CHECKPOINT`: new images from the prior, decode(z) for z ~ N(0, I), as a PNG grid and an HTML figure.</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var checkpoint = Options.Checkpoint();
        var n = new Option<int>("--n") { Description = "Number of samples (laid out in a square-ish grid).", DefaultValueFactory = _ => 64 }.InRange(1, 4096);
        var seed = Options.Seed("z ~ N(0, I)");
        var device = Options.Device();
        var output = new Option<string?>("--out") { Description = "PNG file to write; an HTML figure goes beside it (default: <checkpoint>/samples.png)." }
            .Refusing(named => named is not null && !named.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
                ? $"--out must name a .png file (the HTML figure goes beside it), got '{named}'." : null);
        var command = new Command("sample", "Decode samples from the prior N(0, I) of a checkpoint into a PNG grid (and an interactive HTML figure).")
        {
            checkpoint, n, seed, device, output,
        };
        command.SetAction(parsed => Cli.Guard("vae sample", () =>
        {
            var count = parsed.GetValue(n);
            using var saved = SavedModel.Open(parsed, checkpoint, device);
            var (info, model) = (saved.Info, saved.Model);
            var png = parsed.GetValue(output) ?? Path.Combine(saved.RunFolder, "samples.png");
            TorchSharp.torch.manual_seed(parsed.GetValue(seed));
            var figure = LectureFigures.PriorSamples(model, count, $"{info.Model}, epoch {info.Epoch}: decode(z) for {count} draws z ~ N(0, I) (seed {parsed.GetValue(seed)})");
            // Enlarged (nearest neighbour) as `vae figures` does, so the PNG is legible on its own.
            figure.SavePng(png, maxSide: 600);
            var html = Path.ChangeExtension(png, ".html");
            figure.SaveHtml(html);
            Console.WriteLine($"{count} samples of {info.Model} (epoch {info.Epoch}): {png} and {html}");
            return 0;
        }));
        return command;
    }
}
