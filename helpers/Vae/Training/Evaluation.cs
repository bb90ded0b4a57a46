using Vae.Core;
using Vae.Data;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Training;

/// <summary>Mean −ELBO and its parts over a data set, in nats per image.</summary>
public sealed record ElboSummary(double Loss, double Reconstruction, double Kl);

public static class Evaluation
{
    /// <summary>
    /// The loss a training configuration minimizes (default: the −ELBO with one z per image, β = 1) over every image of
    /// the data set, with its reconstruction and KL parts: in inference mode, 1,000 images at a time, one read back.
    /// </summary>
    public static ElboSummary Evaluate(VaeModel model, Dataset data, TrainingConfig? config = null, int batchSize = 1000)
    {
        config ??= new TrainingConfig();
        using var scope = NewDisposeScope();
        var terms = model.Batched(data.Images, x =>
        {
            var t = config.LossPerImage(model, x);
            return stack([t.loss, t.reconstruction, t.kl], 1);       // N × 3
        }, batchSize);
        var mean = terms.to(float64).mean([0]).ToArray<double>();
        return new ElboSummary(mean[0], mean[1], mean[2]);
    }
}
