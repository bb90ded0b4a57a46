using TorchSharp.Modules;
using Vae.Data;
using static TorchSharp.torch;

namespace Vae.Models;

/// <summary>
/// The lecture's convolutional VAE: Conv 32 (3 × 3, stride 2) and Conv 64 (stride 2) with batch normalization, a dense
/// layer of 20 with batch normalization, then 2d outputs split into μ and log σ²; the decoder mirrors it with a dense
/// 7·7·64 layer and transposed convolutions 64 and 32 (stride 2), then a transposed convolution to one channel of logits.
/// </summary>
public sealed class ConvVae : VaeModel
{
    private const int Dense = 20;
    private readonly Sequential encoder, decoder;

    public ConvVae(ModelConfig config) : base(config)
    {
        encoder = nn.Sequential(
            nn.Unflatten(1, [1, Dataset.ImageSize, Dataset.ImageSize]),
            nn.Conv2d(1, 32, 3, stride: 2, padding: 1), nn.BatchNorm2d(32), nn.ReLU(),   // 32 × 14 × 14
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.BatchNorm2d(64), nn.ReLU(),  // 64 × 7 × 7
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, Dense), nn.BatchNorm1d(Dense), nn.ReLU(),
            nn.Linear(Dense, 2 * config.Z));                                                // μ and log σ²
        decoder = nn.Sequential(
            nn.Linear(config.Z, 64 * 7 * 7), nn.BatchNorm1d(64 * 7 * 7), nn.ReLU(),
            nn.Unflatten(1, [64, 7, 7]),
            nn.ConvTranspose2d(64, 64, 3, stride: 2, padding: 1, output_padding: 1), nn.BatchNorm2d(64), nn.ReLU(),  // 64 × 14 × 14
            nn.ConvTranspose2d(64, 32, 3, stride: 2, padding: 1, output_padding: 1), nn.BatchNorm2d(32), nn.ReLU(),  // 32 × 28 × 28
            nn.ConvTranspose2d(32, 1, 3, stride: 1, padding: 1),
            nn.Flatten());
        RegisterComponents();
    }

    public override Posterior encode(Tensor x)
    {
        CheckInput(x);
        var h = encoder.forward(x).chunk(2, dim: 1);
        return Posterior.FromLogVar(h[0], h[1]);
    }

    public override Tensor decode(Tensor z) => decoder.forward(z);
}
