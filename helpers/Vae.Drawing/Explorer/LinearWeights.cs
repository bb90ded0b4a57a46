namespace Vae.Figures;

/// <summary>
/// One Linear layer's parameters copied to managed memory, in PyTorch's layout: <see cref="Weight"/> holds
/// OutFeatures rows of InFeatures values (y = W x + b), so row i is what output i sums over.
/// </summary>
public sealed record LinearWeights(int InFeatures, int OutFeatures, float[] Weight, float[] Bias)
{
    public long ParameterCount => Weight.LongLength + Bias.LongLength;
}
