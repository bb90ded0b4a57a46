using System.CommandLine;
using Spectre.Console;
using Vae.Models;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>`vae train`: the lecture's task 1 from the command line.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Data set: mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "fashion-mnist");
        var model = new Option<string>("--model") { Description = "Architecture: mlp (the lecture's 784-500-500) or conv (convolutional with batch norm).", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "conv");
        var z = new Option<int>("--z") { Description = "Latent dimensions.", DefaultValueFactory = _ => 2 };
        var hidden = new Option<string>("--hidden") { Description = "MLP hidden sizes, comma-separated.", DefaultValueFactory = _ => "500,500" };
        var sigma = new Option<string>("--sigma") { Description = "How the encoder outputs σ: softplus (the lecture's) or logvar.", DefaultValueFactory = _ => "softplus" };
        sigma.AcceptOnlyFromAmong("softplus", "logvar");
        var epochs = new Option<int>("--epochs") { Description = "Total epochs (with --resume: the new total).", DefaultValueFactory = _ => 10 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per Adam step.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 1e-3 };
        var beta = new Option<double>("--beta") { Description = "Weight of the KL term (0: omit it, >1: β-VAE).", DefaultValueFactory = _ => 1.0 };
        var objective = new Option<string>("--objective") { Description = "What to minimize: elbo (the VAE) or autoencoder (z = μ(x), reconstruction only, no KL).", DefaultValueFactory = _ => "elbo" };
        objective.AcceptOnlyFromAmong("elbo", "autoencoder");
        var classes = new Option<string?>("--classes") { Description = "Train and test on these classes only, e.g. 0-8 or 1,7." };
        var samples = new Option<int>("--samples") { Description = "Samples of z per image in the reconstruction term.", DefaultValueFactory = _ => 1 };
        var binarize = new Option<bool>("--binarize") { Description = "Dynamic binarization: redraw pixels as Bernoulli(intensity) each epoch." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N, or auto (CUDA when available).", DefaultValueFactory = _ => "auto" };
        var seed = new Option<long>("--seed") { Description = "Seed for initialization, data order and sampling.", DefaultValueFactory = _ => 1 };
        var subset = new Option<int?>("--subset") { Description = "Train on the first N training images only." };
        var testSubset = new Option<int?>("--test-subset") { Description = "Evaluate on the first N test images only." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N epochs (and at the end).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0: one per core).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Folder for checkpoints and history (default: runs/<dataset>-<model>-z<z>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this checkpoint folder." };

        var command = new Command("train", "Train a VAE on MNIST (task 1), with checkpoints, history and test −ELBO per epoch.")
        {
            dataset, model, z, hidden, sigma, epochs, batchSize, lr, beta, objective, classes, samples, binarize, device, seed, subset, testSubset,
            checkpointEvery, threads, output, resume,
        };
        command.SetAction(parsed => Cli.Guard("vae train", () =>
        {
            Trainer trainer;
            var resumeFrom = parsed.GetValue(resume);
            if (resumeFrom is not null)
            {
                // Architecture options given alongside --resume must agree with the checkpoint.
                var saved = Checkpoint.ReadInfo(resumeFrom).Config;
                foreach (var (option, value, savedValue) in new (Option, object?, object?)[]
                         {
                             (dataset, parsed.GetValue(dataset), saved.Dataset), (model, parsed.GetValue(model), saved.Model.Kind),
                             (z, parsed.GetValue(z), saved.Model.Z), (hidden, parsed.GetValue(hidden), string.Join(",", saved.Model.Hidden)),
                             (sigma, parsed.GetValue(sigma), saved.Model.Sigma),
                         })
                    if (parsed.GetResult(option) is { Implicit: false } && !Equals(value, savedValue))
                        throw new ArgumentException($"{option.Name} {value} conflicts with the checkpoint in {resumeFrom}, which holds {option.Name} {savedValue} ({saved.Model}).");
                trainer = Trainer.Resume(resumeFrom, parsed.GetResult(epochs) is { Implicit: false } ? parsed.GetValue(epochs) : null,
                    parsed.GetResult(device) is { Implicit: false } ? parsed.GetValue(device) : null);
            }
            else
            {
                var config = new TrainingConfig
                {
                    Dataset = parsed.GetValue(dataset)!,
                    Model = new ModelConfig { Kind = parsed.GetValue(model)!, Z = parsed.GetValue(z), Hidden = ParseHidden(parsed.GetValue(hidden)!), Sigma = parsed.GetValue(sigma)! },
                    Epochs = parsed.GetValue(epochs),
                    BatchSize = parsed.GetValue(batchSize),
                    Lr = parsed.GetValue(lr),
                    Beta = parsed.GetValue(beta),
                    Objective = parsed.GetValue(objective)!,
                    Classes = parsed.GetValue(classes),
                    Samples = parsed.GetValue(samples),
                    Binarize = parsed.GetValue(binarize),
                    Device = parsed.GetValue(device)!,
                    Seed = parsed.GetValue(seed),
                    Subset = parsed.GetValue(subset),
                    TestSubset = parsed.GetValue(testSubset),
                    CheckpointEvery = parsed.GetValue(checkpointEvery),
                    Threads = parsed.GetValue(threads),
                };
                var outDirectory = parsed.GetValue(output)
                    ?? Path.Combine(Workbook.RunsDirectory, $"{config.Dataset}-{config.Model.Kind}-z{config.Model.Z}");
                trainer = Trainer.Create(config, outDirectory);
            }
            using (trainer) return TrainingView.Run(trainer);
        }));
        return command;
    }

    internal static int[] ParseHidden(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out sizes[i]) || sizes[i] < 1)
                throw new ArgumentException($"--hidden takes positive integers separated by commas (e.g. 500,500), got '{text}'.");
        return sizes.Length > 0 ? sizes : throw new ArgumentException("--hidden needs at least one size (e.g. 500,500).");
    }
}
