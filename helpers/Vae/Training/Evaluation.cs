using Vae.Data;
using Vae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Training;

/// <summary>Mean −ELBO and its parts over a data set, in nats per image.</summary>
public sealed record ElboSummary(double Loss, double Reconstruction, double Kl);

public static class Evaluation
{
    /// <summary>
    /// −ELBO of every image of the data set with S sampled z each, as in training, in eval mode
    /// (BatchNorm uses its running statistics) and without recording gradients. The model's
    /// train/eval mode is restored afterwards.
    /// </summary>
    public static ElboSummary Evaluate(VaeModel model, Dataset data, int samples = 1, double beta = 1, int batchSize = 1000) =>
        Evaluate(model, data, x => Elbo.negative_elbo(model, x, samples, beta), batchSize);

    /// <summary>The loss a training configuration minimizes (−ELBO, or the auto-encoder's reconstruction) over a data set.</summary>
    public static ElboSummary Evaluate(VaeModel model, Dataset data, TrainingConfig config, int batchSize = 1000) =>
        Evaluate(model, data, x => config.Loss(model, x), batchSize);

    private static ElboSummary Evaluate(VaeModel model, Dataset data, Func<Tensor, ElboTerms> objective, int batchSize)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = torch.no_grad();
            // Sums stay on the device until the end: one transfer per evaluation, not three per batch.
            using var sums = torch.zeros([3], torch.float64, data.Device);
            foreach (var x in data.Batches(batchSize, shuffle: false))
            {
                using var scope = torch.NewDisposeScope();
                using (x)
                {
                    var terms = objective(x);
                    sums.add_(torch.stack([terms.loss, terms.reconstruction, terms.kl]) * x.shape[0]);
                }
            }
            var totals = sums.cpu().data<double>().ToArray();
            return new ElboSummary(totals[0] / data.Count, totals[1] / data.Count, totals[2] / data.Count);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
