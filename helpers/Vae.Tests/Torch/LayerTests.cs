using Vae.Torch;
using Vae.Torch.Modules;
using F = Vae.Torch.torch.nn.functional;

namespace Vae.Tests.Torch;

/// <summary>Conv2d, ConvTranspose2d and BatchNorm against plain loops, and module mechanics.</summary>
public class LayerTests
{
    // ---- direct computations, in double, indices as in the PyTorch docs ----

    private static double[] Conv2dDirect(float[] x, long[] xs, float[] w, long[] ws, float[]? b, int stride, int padding, int dilation = 1)
    {
        int n = (int)xs[0], c = (int)xs[1], h = (int)xs[2], wd = (int)xs[3], o = (int)ws[0], k = (int)ws[2];
        int ho = (h + 2 * padding - dilation * (k - 1) - 1) / stride + 1, wo = (wd + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
        var y = new double[n * o * ho * wo];
        for (var bi = 0; bi < n; bi++)
            for (var oc = 0; oc < o; oc++)
                for (var i = 0; i < ho; i++)
                    for (var j = 0; j < wo; j++)
                    {
                        double s = b?[oc] ?? 0;
                        for (var ic = 0; ic < c; ic++)
                            for (var p = 0; p < k; p++)
                                for (var q = 0; q < k; q++)
                                {
                                    int r = i * stride - padding + p * dilation, t = j * stride - padding + q * dilation;
                                    if (r < 0 || r >= h || t < 0 || t >= wd) continue;
                                    s += x[((bi * c + ic) * h + r) * wd + t] * (double)w[((oc * c + ic) * k + p) * k + q];
                                }
                        y[((bi * o + oc) * ho + i) * wo + j] = s;
                    }
        return y;
    }

    /// <summary>Each input pixel scatters its kernel, weighted, into the output (weight is in × out × k × k).</summary>
    private static double[] ConvTranspose2dDirect(float[] x, long[] xs, float[] w, long[] ws, float[]? b, int stride, int padding, int outputPadding,
        out long[] shape)
    {
        int n = (int)xs[0], c = (int)xs[1], h = (int)xs[2], wd = (int)xs[3], o = (int)ws[1], k = (int)ws[2];
        int ho = (h - 1) * stride - 2 * padding + k + outputPadding, wo = (wd - 1) * stride - 2 * padding + k + outputPadding;
        shape = [n, o, ho, wo];
        var y = new double[n * o * ho * wo];
        for (var bi = 0; bi < n; bi++)
            for (var oc = 0; oc < o; oc++)
                for (var i = 0; i < ho * wo; i++)
                    y[(bi * o + oc) * ho * wo + i] = b?[oc] ?? 0;
        for (var bi = 0; bi < n; bi++)
            for (var ic = 0; ic < c; ic++)
                for (var i = 0; i < h; i++)
                    for (var j = 0; j < wd; j++)
                        for (var oc = 0; oc < o; oc++)
                            for (var p = 0; p < k; p++)
                                for (var q = 0; q < k; q++)
                                {
                                    int r = i * stride - padding + p, t = j * stride - padding + q;
                                    if (r < 0 || r >= ho || t < 0 || t >= wo) continue;
                                    y[((bi * o + oc) * ho + r) * wo + t] += x[((bi * c + ic) * h + i) * wd + j] * (double)w[((ic * o + oc) * k + p) * k + q];
                                }
        return y;
    }

    /// <summary>Per-channel mean and biased variance of an N × C × L input (L = 1 for 2-D input).</summary>
    private static (double[] Mean, double[] Var) ChannelStats(float[] x, int n, int c, int l)
    {
        var mean = new double[c];
        var variance = new double[c];
        for (var ch = 0; ch < c; ch++)
        {
            var values = Enumerable.Range(0, n).SelectMany(b => Enumerable.Range(0, l).Select(i => (double)x[(b * c + ch) * l + i])).ToArray();
            mean[ch] = values.Average();
            variance[ch] = values.Select(v => (v - mean[ch]) * (v - mean[ch])).Average();
        }
        return (mean, variance);
    }

    private static double[] Normalize(float[] x, int c, int l, double[] mean, double[] variance, float[] weight, float[] bias, double eps) =>
        x.Select((v, i) =>
        {
            var ch = i / l % c;
            return (v - mean[ch]) / Math.Sqrt(variance[ch] + eps) * weight[ch] + bias[ch];
        }).ToArray();

    private static void Set(Tensor parameter, params float[] values)
    {
        using var _ = torch.no_grad();
        using var v = torch.tensor(values, parameter.shape);
        parameter.copy_(v);
    }

    // ---- convolutions ----

    [Fact]
    public void Conv2d_WithStrideAndPadding_MatchesLoops()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = torch.nn.Conv2d(2, 3, 3, stride: 2, padding: 1);
        var x = torch.randn([2, 2, 5, 6]);
        var y = conv.forward(x);
        Assert.Equal(new long[] { 2, 3, 3, 3 }, y.shape);
        var expected = Conv2dDirect(x.data<float>(), x.shape, conv.weight.data<float>(), conv.weight.shape, conv.bias!.data<float>(), 2, 1);
        Expect.Close(expected, Expect.Values(y), 1e-5);
    }

    [Fact]
    public void Conv2d_WithoutBiasAndWithDilation_MatchesLoops()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = torch.nn.Conv2d(1, 2, 2, bias: false);
        Assert.Null(conv.bias);
        Assert.Equal(["weight"], conv.named_parameters().Select(p => p.name));
        var x = torch.randn([1, 1, 4, 4]);
        Expect.Close(Conv2dDirect(x.data<float>(), x.shape, conv.weight.data<float>(), conv.weight.shape, null, 1, 0),
            Expect.Values(conv.forward(x)), 1e-5);
        var w = torch.randn([2, 1, 3, 3]);
        var dilated = F.conv2d(x, w, padding: 2, dilation: 2);
        Assert.Equal(new long[] { 1, 2, 4, 4 }, dilated.shape);
        Expect.Close(Conv2dDirect(x.data<float>(), x.shape, w.data<float>(), w.shape, null, 1, 2, 2), Expect.Values(dilated), 1e-5);
    }

    [Fact]
    public void Conv2d_HandComputedValue()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 9, dtype: torch.float32).reshape(1, 1, 3, 3);   // 0 … 8
        var w = torch.tensor(new float[] { 1, 0, 0, -1 }, [1, 1, 2, 2]); // x[i, j] − x[i+1, j+1]
        Expect.Tensor(F.conv2d(x, w, torch.tensor(new float[] { 0.5f })), [1, 1, 2, 2], [-3.5f, -3.5f, -3.5f, -3.5f]);
        Expect.Tensor(F.conv2d(x, w, padding: 1, stride: 2), [1, 1, 2, 2], [0, -2, -6, -4]);
    }

    [Fact]
    public void ConvTranspose2d_WithStridePaddingOutputPadding_MatchesLoops()
    {
        using var scope = torch.NewDisposeScope();
        using var deconv = torch.nn.ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, output_padding: 1);
        Assert.Equal(new long[] { 3, 2, 3, 3 }, deconv.weight.shape);
        var x = torch.randn([2, 3, 3, 4]);
        var y = deconv.forward(x);
        var expected = ConvTranspose2dDirect(x.data<float>(), x.shape, deconv.weight.data<float>(), deconv.weight.shape,
            deconv.bias!.data<float>(), 2, 1, 1, out var shape);
        Assert.Equal(new long[] { 2, 2, 6, 8 }, shape);
        Assert.Equal(shape, y.shape);
        Expect.Close(expected, Expect.Values(y), 1e-5);
    }

    [Fact]
    public void ConvTranspose2d_StrideOneNoPadding_MatchesLoops()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([1, 2, 2, 3]);
        var w = torch.randn([2, 1, 2, 2]);
        var expected = ConvTranspose2dDirect(x.data<float>(), x.shape, w.data<float>(), w.shape, null, 1, 0, 0, out var shape);
        var y = F.conv_transpose2d(x, w);
        Assert.Equal(shape, y.shape);
        Expect.Close(expected, Expect.Values(y), 1e-5);
        // One pixel of value 1 reproduces the kernel.
        var one = torch.ones([1, 1, 1, 1]);
        var k = torch.tensor(new float[] { 1, 2, 3, 4 }, [1, 1, 2, 2]);
        Expect.Tensor(F.conv_transpose2d(one, k), [1, 1, 2, 2], [1, 2, 3, 4]);
    }

    [Fact]
    public void DefaultInit_IsUniformWithinOneOverSqrtFanIn()
    {
        using var linear = torch.nn.Linear(50, 40);
        using var conv = torch.nn.Conv2d(4, 8, 3);
        using var deconv = torch.nn.ConvTranspose2d(8, 2, 4);
        foreach (var (t, fanIn) in new[] { (linear.weight, 50), (linear.bias!, 50), (conv.weight, 36), (deconv.weight, 32), (deconv.bias!, 32) })
        {
            var v = t.data<float>();
            var bound = 1 / Math.Sqrt(fanIn);
            Assert.All(v, x => Assert.InRange(x, -bound, bound));
            if (v.Length >= 100)
                Assert.True(v.Max() > bound * 0.9 && v.Min() < -bound * 0.9, $"values of the {string.Join('×', t.shape)} tensor do not spread over ±{bound}");
            Assert.True(t.requires_grad);
        }
    }

    // ---- batch normalization ----

    [Fact]
    public void BatchNorm1d_Training_UsesBatchStatsAndUpdatesRunningStats()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm1d(3);
        float[] weight = [1, 2, 0.5f], bias = [0, -1, 0.25f];
        Set(bn.weight, weight);
        Set(bn.bias, bias);
        float[] x1 = [1, 2, 3, 4, 0, -1, 2, 2, 8, -3, 1, 0];
        var y = bn.forward(torch.tensor(x1, [4, 3]));
        var (mean, variance) = ChannelStats(x1, 4, 3, 1);
        Expect.Close(Normalize(x1, 3, 1, mean, variance, weight, bias, 1e-5), Expect.Values(y), 1e-5);
        var runningMean = mean.Select(m => 0.1 * m).ToArray();
        var runningVar = variance.Select(v => 0.9 + 0.1 * v * 4 / 3).ToArray(); // unbiased
        Expect.Close(runningMean, Expect.Values(bn.running_mean), 1e-6);
        Expect.Close(runningVar, Expect.Values(bn.running_var), 1e-6);
        Assert.Equal(1L, bn.num_batches_tracked.item<long>());

        float[] x2 = [0, 0, 1, 2, 2, 3, 5, 1, 1, -1, 7, 2];
        bn.forward(torch.tensor(x2, [4, 3]));
        var (mean2, variance2) = ChannelStats(x2, 4, 3, 1);
        Expect.Close(runningMean.Select((m, i) => 0.9 * m + 0.1 * mean2[i]).ToArray(), Expect.Values(bn.running_mean), 1e-6);
        Expect.Close(runningVar.Select((v, i) => 0.9 * v + 0.1 * variance2[i] * 4 / 3).ToArray(), Expect.Values(bn.running_var), 1e-6);
        Assert.Equal(2L, bn.num_batches_tracked.item<long>());
    }

    [Fact]
    public void BatchNorm1d_Eval_UsesRunningStatsAndLeavesThemAlone()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm1d(2, eps: 1e-3);
        Set(bn.weight, 3, -1);
        Set(bn.bias, 1, 2);
        Set(bn.running_mean, 0.5f, -2);
        Set(bn.running_var, 4, 0.25f);
        bn.eval();
        float[] x = [1, 2, 3, 4, -5, 6];
        var y = bn.forward(torch.tensor(x, [3, 2]));
        Expect.Close(Normalize(x, 2, 1, [0.5, -2], [4, 0.25], [3, -1], [1, 2], 1e-3), Expect.Values(y), 1e-6);
        Expect.Tensor(bn.running_mean, [2], [0.5f, -2]);
        Expect.Tensor(bn.running_var, [2], [4, 0.25f]);
        Assert.Equal(0L, bn.num_batches_tracked.item<long>());
    }

    [Fact]
    public void BatchNorm1d_ThreeDimensionalInput_PoolsOverBatchAndLength()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm1d(2, momentum: 0.5);
        var xt = torch.randn([3, 2, 4]);
        var x = xt.data<float>();
        var y = bn.forward(xt);
        var (mean, variance) = ChannelStats(x, 3, 2, 4);
        Expect.Close(Normalize(x, 2, 4, mean, variance, [1, 1], [0, 0], 1e-5), Expect.Values(y), 1e-5);
        Expect.Close(mean.Select(m => 0.5 * m).ToArray(), Expect.Values(bn.running_mean), 1e-6);
        Expect.Close(variance.Select(v => 0.5 + 0.5 * v * 12 / 11).ToArray(), Expect.Values(bn.running_var), 1e-6);
    }

    [Fact]
    public void BatchNorm2d_TrainingAndEval_MatchLoops()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm2d(2, eps: 1e-3, momentum: 0.3);
        float[] weight = [0.5f, 2], bias = [1, -1];
        Set(bn.weight, weight);
        Set(bn.bias, bias);
        var xt = torch.randn([2, 2, 3, 3]) * 2 + 1;
        var x = xt.data<float>();
        var y = bn.forward(xt);
        var (mean, variance) = ChannelStats(x, 2, 2, 9);
        Expect.Close(Normalize(x, 2, 9, mean, variance, weight, bias, 1e-3), Expect.Values(y), 1e-5);
        var runningMean = mean.Select(m => 0.3 * m).ToArray();
        var runningVar = variance.Select(v => 0.7 + 0.3 * v * 18 / 17).ToArray();
        Expect.Close(runningMean, Expect.Values(bn.running_mean), 1e-6);
        Expect.Close(runningVar, Expect.Values(bn.running_var), 1e-6);

        bn.eval();
        var x2t = torch.randn([1, 2, 2, 2]);
        var x2 = x2t.data<float>();
        Expect.Close(Normalize(x2, 2, 4, runningMean, runningVar, weight, bias, 1e-3), Expect.Values(bn.forward(x2t)), 1e-5);
        Expect.Close(runningMean, Expect.Values(bn.running_mean), 1e-6);
    }

    // ---- module mechanics ----

    /// <summary>A module with submodules, as a VAE's encoder is.</summary>
    private sealed class Net : Module<Tensor, Tensor>
    {
        public Net()
        {
            Encoder = register_module("encoder", torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2)));
            Norm = register_module("norm", torch.nn.BatchNorm1d(2));
            Scale = register_parameter("scale", torch.ones([2]));
        }

        public Sequential Encoder { get; }
        public BatchNorm1d Norm { get; }
        public Tensor Scale { get; }

        public override Tensor forward(Tensor x) => Norm.forward(Encoder.forward(x)) * Scale;
    }

    [Fact]
    public void NamedParameters_UseDottedPyTorchNames()
    {
        using var seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], seq.named_parameters().Select(p => p.name));
        Assert.Equal(3, seq.Count);
        Assert.IsType<ReLU>(seq[1]);
        using var net = new Net();
        Assert.Equal(["scale", "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "norm.weight", "norm.bias"],
            net.named_parameters().Select(p => p.name));
        Assert.Equal(["norm.running_mean", "norm.running_var", "norm.num_batches_tracked"], net.named_buffers().Select(b => b.name));
        Assert.Equal(10, net.state_dict().Count);
        Assert.Equal(["encoder", "norm"], net.named_children().Select(c => c.name));
        Assert.Same(net.Encoder, net.named_children().First().module);
        Assert.Same(((Linear)seq[2]).weight, seq.state_dict()["2.weight"]);
        Assert.All(net.named_buffers(), b => Assert.False(b.buffer.requires_grad));
    }

    [Fact]
    public void Sequential_Forward_ChainsLayers()
    {
        using var scope = torch.NewDisposeScope();
        using var seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2), torch.nn.Sigmoid());
        var (l0, l2) = ((Linear)seq[0], (Linear)seq[2]);
        var x = torch.randn([5, 3]);
        var expected = (x.matmul(l0.weight.t()) + l0.bias!).relu().matmul(l2.weight.t()).add(l2.bias!).sigmoid();
        Expect.Close(Expect.Values(expected), Expect.Values(seq.forward(x)), 1e-6);
        Assert.False(x.IsDisposed);
    }

    [Fact]
    public void FlattenUnflatten_ReshapeAroundTheBatchDim()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 24, dtype: torch.float32).reshape(2, 3, 4);
        var flat = torch.nn.Flatten().forward(x);
        Assert.Equal(new long[] { 2, 12 }, flat.shape);
        var back = torch.nn.Unflatten(1, [3, 4]).forward(flat);
        Assert.Equal(new long[] { 2, 3, 4 }, back.shape);
        Assert.Equal(x.data<float>(), back.data<float>());
        Assert.Equal(new long[] { 2, 12, 1 }, torch.nn.Unflatten(-1, [12, 1]).forward(flat).shape);
    }

    [Fact]
    public void StateDict_RoundTripsIntoAFreshModule()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Net();
        using var b = new Net();
        var x = torch.randn([6, 3]);
        a.forward(x); // moves a's running statistics away from their initial values
        Assert.NotEqual(a.Encoder.state_dict()["0.weight"].data<float>(), b.Encoder.state_dict()["0.weight"].data<float>());
        b.load_state_dict(a.state_dict());
        foreach (var (name, t) in a.state_dict())
        {
            var other = b.state_dict()[name];
            Assert.NotSame(t, other);
            Assert.Equal(Expect.Values(t), Expect.Values(other));
        }
        Assert.Equal(1L, b.Norm.num_batches_tracked.item<long>());
        a.eval();
        b.eval();
        Assert.Equal(a.forward(x).data<float>(), b.forward(x).data<float>());
        // Values were copied, not shared: changing a leaves b alone.
        var loaded = b.state_dict()["encoder.0.bias"].data<float>();
        Set(a.state_dict()["encoder.0.bias"], 0, 0, 0, 0);
        Assert.Equal(loaded, b.state_dict()["encoder.0.bias"].data<float>());
        Assert.NotEqual(loaded, a.state_dict()["encoder.0.bias"].data<float>());
        Assert.True(b.Scale.requires_grad);
        Assert.True(b.Scale.is_leaf);
    }

    [Fact]
    public void LoadStateDict_NamesUnknownMissingAndMisshapedKeys_AndCopiesNothing()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Net();
        using var b = new Net();
        var before = b.Encoder.state_dict()["0.bias"].data<float>();
        var source = a.state_dict();
        source.Remove("encoder.2.bias");
        source["encoder.3.weight"] = torch.zeros([2, 4]);
        source["encoder.0.weight"] = torch.zeros([4, 5]);
        var e = Expect.Throws<TorchException>(() => b.load_state_dict(source),
            "unexpected key(s): 'encoder.3.weight'", "missing key(s): 'encoder.2.bias'",
            "'encoder.0.weight' has shape [4, 5] but Net expects [4, 3]");
        Assert.Equal(before, b.Encoder.state_dict()["0.bias"].data<float>());
        Assert.DoesNotContain("norm", e.Message);
    }

    [Fact]
    public void TrainEval_RecurseIntoSubmodules()
    {
        using var scope = torch.NewDisposeScope();
        using var net = new Net();
        Assert.True(net.training && net.Encoder.training && net.Encoder[0].training && net.Norm.training);
        Assert.Same(net, net.eval());
        Assert.False(net.training || net.Encoder.training || net.Encoder[2].training || net.Norm.training);
        var mean = net.Norm.running_mean.data<float>();
        net.forward(torch.randn([4, 3]));
        Assert.Equal(mean, net.Norm.running_mean.data<float>()); // eval: running statistics untouched
        net.train();
        Assert.True(net.Encoder[1].training && net.Norm.training);
        net.forward(torch.randn([4, 3]) + 3);
        Assert.NotEqual(mean, net.Norm.running_mean.data<float>());
        net.train(false);
        Assert.False(net.Norm.training);
    }

    [Fact]
    public void ToCpu_KeepsReferencesValid()
    {
        using var scope = torch.NewDisposeScope();
        using var net = new Net();
        var parameters = net.parameters().ToList();
        var values = parameters.Select(p => p.data<float>()).ToList();
        using var adam = torch.optim.Adam(parameters);
        Assert.Same(net, net.to(Device.CPU));
        Assert.Equal(parameters, net.parameters()); // the same objects
        for (var i = 0; i < parameters.Count; i++)
        {
            Assert.False(parameters[i].IsDisposed);
            Assert.Equal(Device.CPU, parameters[i].device);
            Assert.True(parameters[i].requires_grad);
            Assert.Equal(values[i], parameters[i].data<float>());
        }
        GradCheck.Weighted(net.forward(torch.randn([4, 3]))).backward(); // a plain sum of batch-normalized outputs has no gradient
        adam.step();
        Assert.NotEqual(values[1], net.Encoder.state_dict()["0.weight"].data<float>());
    }

    [Fact]
    public void ZeroGrad_DropsEveryGradient()
    {
        using var scope = torch.NewDisposeScope();
        using var net = new Net();
        var x = torch.randn([4, 3]);
        net.forward(x).pow(2).sum().backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        var first = net.Scale.grad!.data<float>();
        net.forward(x).pow(2).sum().backward();
        Expect.Close(first.Select(g => 2 * g).ToArray(), net.Scale.grad!.data<float>(), 1e-5); // accumulates
        net.zero_grad();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
        net.forward(x).pow(2).sum().backward();
        Expect.Close(first, net.Scale.grad!.data<float>(), 1e-5);
    }

    [Fact]
    public void Dispose_FreesParametersAndBuffers()
    {
        var net = new Net();
        var all = net.state_dict().Values.ToList();
        net.Dispose();
        Assert.All(all, t => Assert.True(t.IsDisposed));
    }
}
