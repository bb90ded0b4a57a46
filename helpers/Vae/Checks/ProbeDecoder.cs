using TorchSharp;
using TorchSharp.Modules;
using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>
/// A decoder whose every image tells where it came from: logits = 4 (z₁ a + z₂ b) for two random images a and b (784
/// values each, drawn by the check from its seed). Tiles that are swapped, transposed or flipped, or pixels scrambled inside
/// a tile, cannot pass for the right grid.
/// </summary>
internal sealed class ProbeDecoder : VaeModel
{
    private readonly Parameter a, b;

    public ProbeDecoder(Tensor a, Tensor b) : base(new ModelConfig { Z = 2 })
    {
        this.a = nn.Parameter(a, requires_grad: false);
        this.b = nn.Parameter(b, requires_grad: false);
        RegisterComponents();
    }

    public override Posterior encode(Tensor x) => throw new NotSupportedException("the probe only decodes");

    public override Tensor decode(Tensor z) => 4 * (z[.., 0..1] * a + z[.., 1..2] * b);
}
