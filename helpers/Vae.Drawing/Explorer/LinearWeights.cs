using Vae.Core;
using static TorchSharp.torch;

namespace Vae.Drawing.Explorer;

/// <summary>
/// One Linear layer's parameters copied to managed memory, in PyTorch's layout: <see cref="Weight"/> holds
/// OutFeatures rows of InFeatures values (y = W x + b), so row i is what output i sums over.
/// </summary>
public sealed record LinearWeights(int InFeatures, int OutFeatures, float[] Weight, float[] Bias)
{
    /// <summary>A Linear layer's weight (out × in) and bias (out), copied to managed memory as float32.</summary>
    public static LinearWeights From(Tensor weight, Tensor bias) =>
        new((int)weight.shape[1], (int)weight.shape[0], weight.ToArray<float>(), bias.ToArray<float>());

    public long ParameterCount => Weight.LongLength + Bias.LongLength;
}
