using Vae.Models;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Models;

public class ModelTests
{
    [Fact]
    public void LectureMlp_HasTheLectureShapesAndParameterCount()
    {
        using var model = VaeModel.Create(new ModelConfig());
        // 784·500+500 + 500·500+500 + 2·(500·2+2) + 2·500+500 + 500·500+500 + 500·784+784
        Assert.Equal(1_289_788, model.ParameterCount);
        var names = model.state_dict().Keys.ToList();
        Assert.Contains("encoder.0.weight", names);
        Assert.Contains("encoder.2.weight", names);
        Assert.Contains("sigma.weight", names);
        Assert.Contains("decoder.4.bias", names);
        using var scope = torch.NewDisposeScope();
        var q = model.encode(torch.rand([5, 784]));
        Assert.Equal(new long[] { 5, 2 }, q.mu.shape);
        Assert.True(q.sigma.amin().item<float>() > 0);
        Assert.Equal(new long[] { 5, 784 }, model.decode(q.mu).shape);
        var probabilities = model.forward(torch.rand([5, 784]));
        Assert.InRange(probabilities.amin().item<float>(), 0f, 1f);
        Assert.InRange(probabilities.amax().item<float>(), 0f, 1f);
        Assert.Equal(new long[] { 7, 784 }, model.sample(7).shape);
    }

    [Fact]
    public void PytorchExamplesArchitecture_UsesALogVarianceHead()
    {
        using var model = VaeModel.Create(new ModelConfig { Hidden = [400], Z = 20, Sigma = "logvar" });
        Assert.Contains("logvar.weight", model.state_dict().Keys);
        Assert.Equal(784 * 400 + 400 + 2 * (400 * 20 + 20) + 20 * 400 + 400 + 400 * 784 + 784, model.ParameterCount);
    }

    [Fact]
    public void ConvVae_MapsImagesToTheLatentAndBack()
    {
        using var model = VaeModel.Create(new ModelConfig { Kind = "conv", Z = 2 });
        Assert.Equal("logvar", model.Config.Sigma);
        using var scope = torch.NewDisposeScope();
        var x = torch.rand([3, 784]);
        var q = model.encode(x);
        Assert.Equal(new long[] { 3, 2 }, q.mu.shape);
        Assert.Equal(new long[] { 3, 784 }, model.decode(q.mu).shape);
        model.eval();
        Assert.Equal(new long[] { 1, 784 }, model.forward(x.narrow(0, 0, 1)).shape);
        Assert.Contains("encoder.2.running_mean", model.state_dict().Keys);
    }

    [Fact]
    public void Encode_RejectsImagesThatAreNotFlattened28By28()
    {
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16] });
        using var x = torch.rand([2, 28, 28]);
        var e = Assert.Throws<ArgumentException>(() => model.encode(x));
        Assert.Contains("N × 784", e.Message);
        Assert.Contains("[2, 28, 28]", e.Message);
    }

    [Theory]
    [InlineData("rnn", "softplus", 2, "Unknown model 'rnn'")]
    [InlineData("mlp", "exp", 2, "Unknown σ parameterization 'exp'")]
    [InlineData("mlp", "softplus", 0, "at least 1")]
    public void Create_RejectsBadConfigurations(string kind, string sigma, int z, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => VaeModel.Create(new ModelConfig { Kind = kind, Sigma = sigma, Z = z }));
        Assert.Contains(message, e.Message);
    }
}
