using System.Diagnostics;

namespace Vae.Training;

/// <summary>
/// What a hand-written training loop (notebook 1's) reports: the loss of every step and the test −ELBO of every
/// epoch. It keeps the epochs' records for a checkpoint, and the points of the curve a notebook redraws while training
/// runs (<see cref="Figures.LectureFigures.TrainingCurves(TrainingLog)"/>).
/// </summary>
public sealed class TrainingLog(int images, int batchSize, int every = 50)
{
    private readonly int stepsPerEpoch = (images + batchSize - 1) / batchSize;
    private readonly List<(double Epoch, double Loss)> steps = [];
    private readonly List<EpochRecord> history = [];
    private readonly Stopwatch clock = Stopwatch.StartNew(), sinceRedraw = Stopwatch.StartNew();
    private double epochSum, blockSum;
    private int step;

    public IReadOnlyList<EpochRecord> History => history;

    /// <summary>The mean training loss of each block of <see cref="Every"/> steps, at the fraction of epochs where it ended.</summary>
    public IReadOnlyList<(double Epoch, double Loss)> Steps => steps;

    public int Every => every;

    /// <summary>
    /// Records one step's loss. True when the curve is worth redrawing: a block of <paramref name="every"/> steps added a
    /// point and the last redraw is three seconds old (each redraw sends the whole chart, plotly.js with it, to the page).
    /// </summary>
    public bool Step(double loss)
    {
        (epochSum, blockSum, step) = (epochSum + loss, blockSum + loss, step + 1);
        if (step % every != 0 && step != stepsPerEpoch) return false;
        steps.Add((history.Count + (double)step / stepsPerEpoch, blockSum / (step % every == 0 ? every : step % every)));
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
}
