namespace Vae.Training;

/// <summary>
/// Reported during training: after every step (Step of Steps, with the running mean −ELBO of the
/// epoch so far) and once more when an epoch ends (Completed holds its record).
/// </summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, TimeSpan Elapsed,
    EpochRecord? Completed = null);

/// <summary>Training stopped because −ELBO stopped being a finite number.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
