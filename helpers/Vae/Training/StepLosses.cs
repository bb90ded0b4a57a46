using Vae.Core;
using TorchSharp;
using static TorchSharp.torch;

using Vae.Torch;

namespace Vae.Training;

/// <summary>
/// Each step's loss, kept on the training device and read back a block at a time: on a GPU,
/// reading a loss makes the host wait for the step to finish, so reading one per step would stall
/// the pipeline. On the CPU a block of one step costs nothing.
/// </summary>
internal sealed class StepLosses(Device device, int capacity) : IDisposable
{
    private readonly Tensor buffer = torch.empty([capacity], torch.float32, device).DetachFromDisposeScope();
    private int count;

    public bool IsFull => count == capacity;

    public void Add(Tensor loss)
    {
        using var slot = buffer.narrow(0, count, 1);
        using var value = loss.detach().reshape(1);
        slot.copy_(value);
        count++;
    }

    /// <summary>The losses added since the last read, in order (one transfer from the device).</summary>
    public float[] Read()
    {
        if (count == 0) return [];
        using var scope = torch.NewDisposeScope();
        var values = buffer.narrow(0, 0, count).ToArray<float>();
        count = 0;
        return values;
    }

    public void Dispose() => buffer.Dispose();
}
