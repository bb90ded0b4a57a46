using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Vae.Models;

/// <summary>
/// The lecture's plain auto-encoder, trained on the same network as the VAE for comparison: the code is the
/// encoder's mean, z = μ(x), with no sampling and no KL term, and the loss is the reconstruction alone,
/// −log p(x | z = μ(x)). Nothing ties the codes to N(0, I), which is why its prior samples are not digits.
/// </summary>
public static class Autoencoder
{
    /// <summary>−log p(x | μ(x)) averaged over the batch, as <see cref="ElboTerms"/> whose KL part is zero.</summary>
    public static ElboTerms loss(VaeModel model, Tensor x)
    {
        var q = model.encode(x);
        var reconstruction = Elbo.mean_reconstruction_loss(model.decode(q.mu), x);
        return new ElboTerms(reconstruction.alias(), reconstruction, torch.zeros([], device: x.device));
    }
}
