using System.Globalization;
using Spectre.Console;
using Vae.Training;

namespace Vae.Cli.Commands;

/// <summary>Shows a training run in the terminal: a progress bar with the live loss, one line per epoch.</summary>
internal static class TrainingView
{
    public static int Run(Trainer trainer)
    {
        var c = trainer.Config;
        var console = Terminal.Console;
        console.MarkupLine($"[bold]{Markup.Escape(c.Model.ToString())}[/] on {Markup.Escape(trainer.TrainSet.Name)} " +
                           $"({trainer.TrainSet.Count:N0} images) · {trainer.Model.ParameterCount:N0} parameters · device {trainer.Device}" +
                           (c.Device == "auto" && trainer.Device.type == TorchSharp.DeviceType.CPU ? " (auto: no CUDA device visible, using the CPU)" : ""));
        console.MarkupLine($"batch {c.BatchSize} · Adam lr {c.Lr.ToString(CultureInfo.InvariantCulture)} · β {c.Beta.ToString(CultureInfo.InvariantCulture)} · " +
                           (c.Objective == Vae.Training.Objective.Autoencoder ? "auto-encoder objective (no KL) · " : "") + $"{c.Samples} sample(s) of z · seed {c.Seed} · {TorchSharp.torch.get_num_threads()} thread(s) · out {Markup.Escape(trainer.OutDirectory ?? "-")}");
        if (trainer.Epoch > 0) console.MarkupLine($"resuming after epoch {trainer.Epoch} of {c.Epochs}");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (console.Profile.Capabilities.Interactive)
            {
                console.Progress().AutoClear(true).HideCompleted(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask? task = null;
                        trainer.Progress = p =>
                        {
                            task ??= ctx.AddTask($"epoch {p.Epoch}/{p.Epochs}", maxValue: p.Steps);   // Spectre refuses an empty name
                            task.Value = p.Step;
                            task.Description = $"epoch {p.Epoch}/{p.Epochs}  −ELBO {p.Loss:F2}";
                            if (p.Completed is { } r)
                            {
                                console.MarkupLine(Line(r, p.Epochs));
                                task.StopTask();
                                task = null;
                            }
                        };
                        trainer.Run(cancel.Token);
                    });
            }
            else
            {
                trainer.Progress = p =>
                {
                    if (p.Completed is { } r) console.MarkupLine(Line(r, p.Epochs));
                };
                trainer.Run(cancel.Token);
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        if (trainer.LastCheckpoint is not null) console.MarkupLine($"checkpoint: {Markup.Escape(trainer.LastCheckpoint)}");
        return 0;
    }

    private static string Line(EpochRecord r, int epochs) =>
        $"epoch {r.Epoch,3}/{epochs}  train −ELBO [bold]{r.TrainLoss,8:F2}[/]  test −ELBO [bold]{r.TestLoss,8:F2}[/] " +
        $"(reconstruction {r.TestReconstruction:F2} + KL {r.TestKl:F2})  {r.Seconds,6:F1} s";
}
