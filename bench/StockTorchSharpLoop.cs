using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Vae.Bench;

/// <summary>
/// The reference `vae bench train` holds ours against: the lecture's VAE as a C# user would write it with stock
/// TorchSharp, following TorchSharp's own examples (modules as fields, RegisterComponents, one dispose scope per
/// batch, TorchSharp's Adam with its defaults, the loss read every step). Nothing of the workbook's model or
/// training code is used; only the data arrive through the workbook's loader, so both train on the same tensors.
/// Prints one JSON line per epoch: its seconds (training and test evaluation) and the test −ELBO.
/// </summary>
public static class StockTorchSharpLoop
{
    private sealed class LectureVae : Module<Tensor, (Tensor logits, Tensor mu, Tensor sigma)>
    {
        private readonly Sequential encoder, decoder;
        private readonly Linear mu, rho;

        public LectureVae(int[] hidden, int z) : base(nameof(LectureVae))
        {
            encoder = Sequential();
            long width = 784;
            foreach (var h in hidden) { encoder.append(Linear(width, h)); encoder.append(ReLU()); width = h; }
            mu = Linear(width, z);
            rho = Linear(width, z);
            decoder = Sequential();
            width = z;
            foreach (var h in hidden.Reverse()) { decoder.append(Linear(width, h)); decoder.append(ReLU()); width = h; }
            decoder.append(Linear(width, 784));
            RegisterComponents();
        }

        public override (Tensor logits, Tensor mu, Tensor sigma) forward(Tensor x)
        {
            var h = encoder.forward(x);
            var m = mu.forward(h);
            var s = functional.softplus(rho.forward(h));
            var z = m + s * randn_like(s);
            return (decoder.forward(z), m, s);
        }
    }

    private static Tensor NegativeElbo(LectureVae model, Tensor x)
    {
        var (logits, mu, sigma) = model.forward(x);
        var reconstruction = functional.binary_cross_entropy_with_logits(logits, x, reduction: Reduction.Sum);
        var kl = 0.5 * (mu.square() + sigma.square() - sigma.square().log() - 1).sum();
        return (reconstruction + kl) / x.shape[0];
    }

    public static void Run(Tensor train, Tensor test, int[] hidden, int z, int epochs, int batchSize, long seed, Device device)
    {
        manual_seed(seed);
        using var model = new LectureVae(hidden, z);
        model.to(device);
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var n = train.shape[0];
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.train();
            using (var permutation = randperm(n, device: device))
            {
                for (long start = 0; start < n; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var x = train.index_select(0, permutation.narrow(0, start, Math.Min(batchSize, n - start)));
                    optimizer.zero_grad();
                    var loss = NegativeElbo(model, x);
                    loss.backward();
                    optimizer.step();
                    _ = loss.item<float>();
                }
            }
            model.eval();
            double sum = 0;
            using (no_grad())
                for (long start = 0; start < test.shape[0]; start += 1000)
                {
                    using var scope = NewDisposeScope();
                    var x = test.narrow(0, start, Math.Min(1000, test.shape[0] - start));
                    sum += NegativeElbo(model, x).item<float>() * x.shape[0];
                }
            Console.WriteLine(JsonSerializer.Serialize(new { epoch, epoch_seconds = clock.Elapsed.TotalSeconds, test_loss = sum / test.shape[0] }));
        }
    }
}
