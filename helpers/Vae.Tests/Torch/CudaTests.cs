using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>
/// The binding on a GPU: data, modules and Adam on cuda:0 give what they give on the CPU. Skipped,
/// with the reason, where libtorch sees no CUDA device.
/// </summary>
public class CudaTests
{
    private static readonly Device Cuda = new(DeviceType.CUDA, 0);

    [CudaFact]
    public void TensorToCudaAndBackKeepsItsValues()
    {
        using var scope = torch.NewDisposeScope();
        float[] values = [1.5f, -2.25f, 3e-7f, 1e6f, float.NegativeInfinity, 0];
        var onGpu = torch.tensor(values, [2, 3]).to(Cuda);
        Assert.Equal(Cuda, onGpu.device);
        Assert.Equal([2L, 3L], onGpu.shape);
        var back = onGpu.cpu();
        Assert.Equal(Device.CPU, back.device);
        Assert.Equal(values, back.data<float>());
        // data<T>() copies to the host by itself.
        Assert.Equal(values, onGpu.data<float>());
    }

    [CudaFact]
    public void LinearForwardAndBackwardOnCudaMatchTheCpu()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        using var linear = torch.nn.Linear(6, 4);
        var x = torch.randn([5, 6]);

        var (cpuOut, cpuWeightGrad, cpuBiasGrad) = ForwardBackward(linear, x);
        linear.zero_grad();
        linear.to(Cuda);
        var (gpuOut, gpuWeightGrad, gpuBiasGrad) = ForwardBackward(linear, x.to(Cuda));

        AssertClose(cpuOut, gpuOut, 1e-5f);
        AssertClose(cpuWeightGrad, gpuWeightGrad, 1e-5f);
        AssertClose(cpuBiasGrad, gpuBiasGrad, 1e-5f);

        static (float[] Output, float[] WeightGrad, float[] BiasGrad) ForwardBackward(Vae.Torch.Modules.Linear linear, Tensor x)
        {
            var y = linear.forward(x);
            // A loss whose gradient differs per output element, so a transposed gradient would show.
            var loss = (y * y).sum() + y.sum();
            loss.backward();
            return (y.data<float>(), linear.weight.grad!.data<float>(), linear.bias!.grad!.data<float>());
        }
    }

    [CudaFact]
    public void ModuleToCudaMovesEveryParameterAndKeepsTheReferences()
    {
        using var scope = torch.NewDisposeScope();
        using var model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2));
        var before = model.named_parameters().ToList();
        var values = before.Select(p => p.parameter.data<float>()).ToList();

        model.to(Cuda);

        var after = model.named_parameters().ToList();
        Assert.Equal(4, after.Count);
        for (var i = 0; i < after.Count; i++)
        {
            Assert.Same(before[i].parameter, after[i].parameter);
            Assert.Equal(Cuda, after[i].parameter.device);
            Assert.True(after[i].parameter.requires_grad, $"{after[i].name} lost requires_grad on the way to the GPU");
            Assert.Equal(values[i], after[i].parameter.data<float>());
        }
        var y = model.forward(torch.ones([4, 3], device: Cuda));
        Assert.Equal(Cuda, y.device);
        Assert.Equal([4L, 2L], y.shape);
    }

    [CudaFact]
    public void AdamStepsOnCuda()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(new float[] { 1, -2, 0.5f }, device: Cuda).requires_grad_();
        using var adam = torch.optim.Adam([p], lr: 0.1);
        (p * p).sum().backward();
        adam.step();
        // Adam's first step is lr · g / (|g| + eps) = lr · sign(g), whatever the gradient's size.
        AssertClose([0.9f, -1.9f, 0.4f], p.data<float>(), 1e-5f);
        Assert.Equal(Cuda, p.device);
        var state = adam.state_dict();
        Assert.Equal(Cuda, state["state.0.exp_avg"].device);
        Assert.Equal(1L, state["state.0.step"].item<long>());
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
    }
}
