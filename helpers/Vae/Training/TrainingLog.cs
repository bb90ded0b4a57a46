using System.Diagnostics;
using Vae.Figures;

namespace Vae.Training;

/// <summary>
/// What a hand-written training loop (notebook 1's) reports: the loss of every step and the test −ELBO of every
/// epoch. It keeps the epochs' records for a checkpoint and draws the curve a notebook redraws while training runs.
/// </summary>
public sealed class TrainingLog(int images, int batchSize, int every = 50)
{
    private readonly int stepsPerEpoch = (images + batchSize - 1) / batchSize;
    private readonly List<double> stepX = [], stepLoss = [];
    private readonly List<EpochRecord> history = [];
    private readonly Stopwatch clock = Stopwatch.StartNew(), sinceRedraw = Stopwatch.StartNew();
    private double epochSum, blockSum;
    private int step;

    public IReadOnlyList<EpochRecord> History => history;

    /// <summary>
    /// Records one step's loss. True when the curve is worth redrawing: a block of <paramref name="every"/> steps added a
    /// point and the last redraw is three seconds old (each redraw sends the whole chart, plotly.js with it, to the page).
    /// </summary>
    public bool Step(double loss)
    {
        (epochSum, blockSum, step) = (epochSum + loss, blockSum + loss, step + 1);
        if (step % every != 0 && step != stepsPerEpoch) return false;
        stepX.Add(history.Count + (double)step / stepsPerEpoch);
        stepLoss.Add(blockSum / (step % every == 0 ? every : step % every));
        blockSum = 0;
        if (sinceRedraw.Elapsed.TotalSeconds < 3) return false;
        sinceRedraw.Restart();
        return true;
    }

    /// <summary>Ends an epoch with its test −ELBO and parts (nats per image); the next step starts the next epoch.</summary>
    public EpochRecord Epoch((double loss, double reconstruction, double kl) test)
    {
        var record = new EpochRecord(history.Count + 1, epochSum / Math.Max(1, step), test.loss, test.reconstruction, test.kl, clock.Elapsed.TotalSeconds);
        history.Add(record);
        (epochSum, blockSum, step) = (0, 0, 0);
        clock.Restart();
        return record;
    }

    /// <summary>The running mean of the training loss, and the test −ELBO after each epoch, dashed.</summary>
    public Figure Figure() => Plot.Lines("Training: −ELBO (nats per image)", "epoch", "nats per image",
    [
        new($"train −ELBO, running mean of {every} steps", [.. stepX], [.. stepLoss]),
        new("test −ELBO", [.. history.Select(h => (double)h.Epoch)], [.. history.Select(h => h.TestLoss)], "dash"),
    ]);
}
