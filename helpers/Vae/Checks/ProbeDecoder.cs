using TorchSharp;
using TorchSharp.Modules;
using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>
/// A decoder whose every image tells where it came from: logits = 4 (z₁ a + z₂ b) for two fixed random images a and b.
/// Tiles that are swapped, transposed or flipped, or pixels scrambled inside a tile, cannot pass for the right grid.
/// </summary>
internal sealed class ProbeDecoder : VaeModel
{
    private readonly Parameter a, b;

    public ProbeDecoder() : base(new ModelConfig { Z = 2 })
    {
        using var generator = new torch.Generator(41);
        a = nn.Parameter(randn(784, generator: generator), requires_grad: false);
        b = nn.Parameter(randn(784, generator: generator), requires_grad: false);
        RegisterComponents();
    }

    public override Posterior encode(Tensor x) => throw new NotSupportedException("the probe only decodes");

    public override Tensor decode(Tensor z) => 4 * (z[.., 0..1] * a + z[.., 1..2] * b);
}
