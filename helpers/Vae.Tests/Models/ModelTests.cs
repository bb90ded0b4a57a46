using TorchSharp;
using TorchSharp.Modules;
using Vae.Models;
using static TorchSharp.torch;

namespace Vae.Tests.Models;

public class ModelTests
{
    /// <summary>Notebook 1's own VAE, as the notebook writes it: two Sequential fields, the encoder's last layer 2d wide.</summary>
    private sealed class NotebookVae : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential encoder, decoder;

        public NotebookVae(int z_dim = 2, int h_dim = 500) : base("VAE")
        {
            encoder = nn.Sequential(nn.Linear(784, h_dim), nn.ReLU(), nn.Linear(h_dim, h_dim), nn.ReLU(), nn.Linear(h_dim, 2 * z_dim));
            decoder = nn.Sequential(nn.Linear(z_dim, h_dim), nn.ReLU(), nn.Linear(h_dim, h_dim), nn.ReLU(), nn.Linear(h_dim, 784));
            RegisterComponents();
        }

        public (Tensor z_mu, Tensor z_sigma) encode(Tensor x)
        {
            var h = encoder.forward(x).chunk(2, dim: 1);
            return (h[0], nn.functional.softplus(h[1]));
        }

        public Tensor decode(Tensor z) => decoder.forward(z);

        public override Tensor forward(Tensor x) => decode(encode(x).z_mu);
    }

    [Fact]
    public void LectureMlp_HasTheLectureShapesAndParameterCount()
    {
        using var model = VaeModel.Create(new ModelConfig());
        // 784·500+500 + 500·500+500 + 500·(2·2)+4 + 2·500+500 + 500·500+500 + 500·784+784
        Assert.Equal(1_289_788, model.ParameterCount);
        Assert.Equal(new long[] { 4, 500 }, model.state_dict()["encoder.4.weight"].shape);
        using var scope = torch.NewDisposeScope();
        var q = model.encode(torch.rand([5, 784]));
        Assert.Equal(new long[] { 5, 2 }, q.mu.shape);
        Assert.True(q.sigma.amin().item<float>() > 0);
        var (logits, posterior) = model.forward(torch.rand([5, 784]));
        Assert.Equal(new long[] { 5, 784 }, logits.shape);
        Assert.Equal(new long[] { 5, 2 }, posterior.sigma.shape);
        var reconstruction = model.reconstruct(torch.rand([5, 784]));
        Assert.InRange(reconstruction.amin().item<float>(), 0f, 1f);
        Assert.InRange(reconstruction.amax().item<float>(), 0f, 1f);
    }

    /// <summary>Notebook 1 hands its model to the helper with one load_state_dict: same names, same shapes, same numbers.</summary>
    [Fact]
    public void LectureMlp_LoadsNotebookOnesStateDict_AndComputesTheSameFunction()
    {
        torch.manual_seed(3);
        using var notebook = new NotebookVae();
        using var helper = (MlpVae)VaeModel.Create(new ModelConfig());
        Assert.Equal(notebook.state_dict().Keys.Order(), helper.state_dict().Keys.Order());
        helper.load_state_dict(notebook.state_dict());
        using var scope = torch.NewDisposeScope();
        var x = torch.rand([8, 784]);
        var (mu, sigma) = notebook.encode(x);
        var (helperMu, helperSigma) = helper.encode(x);
        Assert.Equal(0.0, (mu - helperMu).abs().max().item<float>());
        Assert.Equal(0.0, (sigma - helperSigma).abs().max().item<float>(), 6);
        Assert.Equal(0.0, (notebook.forward(x) - helper.decode(helperMu)).abs().max().item<float>());
    }

    [Fact]
    public void PytorchExamplesArchitecture_UsesALogVarianceHead()
    {
        using var model = VaeModel.Create(new ModelConfig { Hidden = [400], Z = 20, Sigma = SigmaHead.LogVar });
        Assert.Equal(784 * 400 + 400 + 400 * 40 + 40 + 20 * 400 + 400 + 400 * 784 + 784, model.ParameterCount);
        using var scope = torch.NewDisposeScope();
        var q = model.encode(torch.rand([3, 784]));
        // σ = exp(½ log σ²), and log σ² is the head's output itself, not recomputed from σ.
        Assert.Equal(0.0, (q.sigma - (0.5 * q.log_sigma2).exp()).abs().max().item<float>(), 6);
    }

    [Fact]
    public void ConvVae_MapsImagesToTheLatentAndBack()
    {
        using var model = VaeModel.Create(new ModelConfig { Kind = ModelKind.Conv, Z = 2 });
        Assert.Equal(SigmaHead.LogVar, model.Config.Sigma);
        using var scope = torch.NewDisposeScope();
        var x = torch.rand([3, 784]);
        var q = model.encode(x);
        Assert.Equal(new long[] { 3, 2 }, q.mu.shape);
        Assert.Equal(new long[] { 3, 784 }, model.decode(q.mu).shape);
        model.eval();
        Assert.Equal(new long[] { 1, 784 }, model.forward(x.narrow(0, 0, 1)).x_logits.shape);
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
    [InlineData(0, new[] { 500 }, "Z", "must be at least 1, got 0")]
    [InlineData(2, new int[0], "Hidden", "one or more positive sizes, got []")]
    [InlineData(2, new[] { 500, 0 }, "Hidden", "got [500, 0]")]
    public void Create_RejectsBadConfigurations_NamingTheProperty(int z, int[] hidden, string property, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => VaeModel.Create(new ModelConfig { Z = z, Hidden = hidden }));
        Assert.Equal(property, e.Property);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Batched_ConcatenatesInOrder_InInferenceMode_AndRestoresTheMode()
    {
        using var model = VaeModel.Create(new ModelConfig { Hidden = [16] });
        model.train();
        using var scope = torch.NewDisposeScope();
        var x = torch.rand([25, 784]);
        var all = model.Batched(x, b => model.encode(b).mu, batchSize: 7);
        Assert.True(model.training);
        Assert.False(all.requires_grad);
        model.eval();
        using (torch.no_grad()) Assert.Equal(0.0, (all - model.encode(x).mu).abs().max().item<float>(), 6);
    }
}
