using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Models;

/// <summary>
/// The lecture's plain auto-encoder, on the same network as the VAE for comparison: the code is the encoder's mean,
/// z = μ(x), with no sampling and no KL term, and the loss is the reconstruction alone, −log p(x | z = μ(x)). Nothing
/// ties its codes to N(0, I), which is why its prior samples are not digits.
/// </summary>
public static class Autoencoder
{
    /// <summary>−log p(x | μ(x)) of each image, as <see cref="ElboTerms"/> whose KL part is zero.</summary>
    public static ElboTerms loss_per_image(VaeModel model, Tensor x)
    {
        var reconstruction = Elbo.reconstruction_loss(model.decode(model.encode(x).mu), x);
        return new ElboTerms(reconstruction, reconstruction, torch.zeros_like(reconstruction));
    }
}
