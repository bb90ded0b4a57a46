using System.CommandLine;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>`vae train`: the lecture's task 1 from the command line.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Data set: mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "fashion-mnist");
        var (model, z, hidden, sigma) = (Options.Model(), Options.Z(), Options.Hidden(), Options.Sigma());
        var epochs = new Option<int>("--epochs") { Description = "Total epochs (with --resume: the new total).", DefaultValueFactory = _ => 10 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per Adam step.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 1e-3 };
        var beta = new Option<double>("--beta") { Description = "Weight of the KL term (0: omit it, >1: β-VAE).", DefaultValueFactory = _ => 1.0 };
        var objective = Options.Choice<Objective>("--objective", "What to minimize: elbo (the VAE) or autoencoder (z = μ(x), reconstruction only, no KL).");
        var classes = new Option<string?>("--classes") { Description = "Train and test on these classes only, e.g. 0-8 or 1,7." };
        var samples = new Option<int>("--samples") { Description = "Samples of z per image in the reconstruction term.", DefaultValueFactory = _ => 1 };
        var binarize = new Option<bool>("--binarize") { Description = "Dynamic binarization: redraw pixels as Bernoulli(intensity) each epoch." };
        var device = Options.Device();
        var seed = Options.Seed("initialization, data order and sampling");
        var subset = Options.Subset("training images");
        var testSubset = new Option<int?>("--test-subset") { Description = "Evaluate on the first N test images only." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N epochs (and at the end).", DefaultValueFactory = _ => 1 };
        var threads = Options.Threads();
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
            if (parsed.GetValue(resume) is { } resumeFrom)
            {
                // Architecture options given alongside --resume must agree with the checkpoint.
                var saved = Checkpoint.ReadInfo(resumeFrom).Config;
                var asked = Options.ModelConfig(parsed, model, z, hidden, sigma);
                foreach (var (option, value, savedValue) in new (Option, object?, object?)[]
                         {
                             (dataset, parsed.GetValue(dataset), saved.Dataset), (model, asked.Kind, saved.Model.Kind), (z, asked.Z, saved.Model.Z),
                             (hidden, string.Join(",", asked.Hidden), string.Join(",", saved.Model.Hidden)), (sigma, asked.Sigma, saved.Model.Sigma),
                         })
                    if (parsed.GetResult(option) is { Implicit: false } && !Equals(value, savedValue))
                        throw new ArgumentException($"{option.Name} {Text(value)} conflicts with the checkpoint in {resumeFrom}, which holds {option.Name} {Text(savedValue)} ({saved.Model}).");
                trainer = Trainer.Resume(resumeFrom, parsed.GetResult(epochs) is { Implicit: false } ? parsed.GetValue(epochs) : null,
                    parsed.GetResult(device) is { Implicit: false } ? parsed.GetValue(device) : null);
            }
            else
            {
                var config = new TrainingConfig
                {
                    Dataset = parsed.GetValue(dataset)!,
                    Model = Options.ModelConfig(parsed, model, z, hidden, sigma),
                    Epochs = parsed.GetValue(epochs),
                    BatchSize = parsed.GetValue(batchSize),
                    Lr = parsed.GetValue(lr),
                    Beta = parsed.GetValue(beta),
                    Objective = parsed.GetValue(objective),
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
                trainer = Trainer.Create(config, parsed.GetValue(output)
                    ?? Path.Combine(Settings.RunsDirectory, $"{config.Dataset}-{config.Model.Kind.ToString().ToLowerInvariant()}-z{config.Model.Z}"));
            }
            using (trainer) return TrainingView.Run(trainer);
        }));
        return command;
    }

    // As the flag is typed: --model conv, not Conv.
    private static string? Text(object? value) => value is Enum e ? e.ToString().ToLowerInvariant() : value?.ToString();
}
