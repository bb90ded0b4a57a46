using TorchSharp;
using Vae.Training;
using Vae.Models;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Core;

namespace Vae.Tests.Torch;

/// <summary>Our code on a GPU gives what it gives on the CPU. Skipped, with the reason, where TorchSharp sees no CUDA device.</summary>
public class CudaTests
{
    [CudaFact]
    public void TheLectureModelsElbo_OnCuda_MatchesTheCpu()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = VaeModel.Create(new ModelConfig());
        var x = rand(64, 784);
        model.eval();
        // The posterior's mean decoded: no sampling, so both devices compute the same numbers.
        var cpuLoss = Autoencoder.loss_per_image(model, x).mean().loss.item<float>();
        model.to(CUDA);
        var gpuLoss = Autoencoder.loss_per_image(model, x.to(CUDA)).mean().loss.item<float>();
        Assert.Equal(cpuLoss, gpuLoss, 2);
    }

    [CudaFact]
    public void FusedAdam_OnCuda_TakesTheTensorPath_AndMatchesTheCpu()
    {
        using var scope = NewDisposeScope();
        var cpu = tensor(new float[] { 1, -2, 3 }).requires_grad_();
        var gpu = tensor(new float[] { 1, -2, 3 }, device: CUDA).requires_grad_();
        using var a = new FusedAdam([cpu], lr: 0.1);
        using var b = new FusedAdam([gpu], lr: 0.1);
        for (var i = 0; i < 3; i++)
        {
            a.zero_grad(); b.zero_grad();
            cpu.square().sum().backward(); gpu.square().sum().backward();
            a.step(); b.step();
        }
        var expected = cpu.ToArray<float>();
        var actual = gpu.ToArray<float>();
        for (var i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [CudaFact]
    public void ToArray_ReadsAGpuTensor_ThroughTheCpu()
    {
        using var scope = NewDisposeScope();
        var onGpu = arange(5, float32, device: CUDA) * 2;
        Assert.Equal([0f, 2, 4, 6, 8], Vae.Core.Tensors.ToArray<float>(onGpu));
    }
}
