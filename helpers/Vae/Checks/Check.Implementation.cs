using TorchSharp;
using Vae.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Vae.Checks;

/// <summary>Task 1: the model's encode and reparameterize, compute_elbo, and the training step.</summary>
public static partial class Check
{
    /// <summary>
    /// encode: μ is the first d of the encoder's 2d outputs, σ = softplus(ρ) of the other d. Run on 5 random images
    /// against the model's own <c>encoder</c>.
    /// </summary>
    public static void encode(nn.Module vae) => Run(nameof(encode), () =>
    {
        var encoder = vae.named_children().FirstOrDefault(c => c.name == "encoder").module as nn.Module<Tensor, Tensor>
            ?? throw new CannotCheckException($"{vae.GetType().Name} has no encoder layer (a field named encoder): pass the VAE of Task 1");
        var studentEncode = Method(vae, "encode", 1);
        manual_seed(11);
        var x = rand(5, 784, device: DeviceOf(vae));
        Tensor h;
        using (no_grad()) h = encoder.forward(x);
        var d = h.shape[1] / 2;
        var (mu_ref, rho) = (h.narrow(1, 0, d), h.narrow(1, d, d));
        var sigma_ref = F.softplus(rho);

        var (mu, sigma) = Pair(studentEncode([x]), "encode");
        ExpectShape(mu, "μ (N × d: the first half of the encoder's outputs, split along dim 1)", 5, d);
        ExpectShape(sigma, "σ (N × d: the second half of the encoder's outputs, split along dim 1)", 5, d);
        if (!Close(mu, mu_ref))
            throw new Mistake(Which(mu, ("μ and σ are swapped: μ is the first d outputs, σ = softplus of the other d", () => sigma_ref),
                                        ("μ is taken from the second half: μ is the first d outputs", () => rho))
                ?? "μ is not the first d of the encoder's outputs: split them with chunk(2, dim: 1)");
        if (!Close(sigma, sigma_ref))
            throw new Mistake(Which(sigma,
                    ("σ = ρ can be negative or zero: σ = softplus(ρ)", () => rho),
                    ("σ = exp(ρ): the lecture's σ is softplus(ρ) = log(1 + e^ρ)", () => rho.exp()),
                    ("σ = exp(ρ / 2) reads ρ as log σ²: the lecture's σ is softplus(ρ)", () => (0.5 * rho).exp()),
                    ("σ = relu(ρ) is 0 for half the inputs: σ = softplus(ρ)", () => rho.relu()),
                    ("σ is softplus of the first half: σ = softplus of the other d outputs", () => F.softplus(mu_ref)))
                ?? "σ is not softplus(ρ) of the encoder's last d outputs");
        return $"μ is the first {d} of the encoder's outputs, σ = softplus(ρ) of the other {d}";
    });

    /// <summary>
    /// reparameterize: z = μ + σ ⊙ ε, ε ~ N(0, I). Over 20,000 draws with μ = 3, σ = 2: z's mean and standard deviation, a
    /// new ε per row and per call, and gradients that reach μ and σ.
    /// </summary>
    public static void reparameterize(nn.Module vae) => Run(nameof(reparameterize), () =>
    {
        var studentReparameterize = Method(vae, "reparameterize", 2);
        const int n = 20_000;
        var device = DeviceOf(vae);
        var mu = full(n, 2, 3.0f, device: device).requires_grad_();
        var sigma = full(n, 2, 2.0f, device: device).requires_grad_();
        manual_seed(12);
        var z = studentReparameterize([mu, sigma]) as Tensor ?? throw new Mistake("reparameterize should return z, a tensor");
        ExpectShape(z, "z (the shape of μ)", n, 2);
        if (Close(z, mu))
            throw new Mistake("z = μ does not depend on σ: the model could never learn how unsure it is. z = μ + σ ⊙ ε with ε ~ N(0, I)");
        if (Close(z, z[0].expand_as(z)))
            throw new Mistake("every row got the same ε: draw one per image and coordinate, ε = randn_like(σ)");
        var (mean, std) = (Scalar(z.mean()), Scalar(z.std()));
        if (!Close(mean, 3, atol: 0.1))
            throw new Mistake(Math.Abs(mean) < 0.1 ? "z has mean 0, not μ: z = μ + σ ⊙ ε" : $"z should have mean μ = 3 here, got {mean:F2}: z = μ + σ ⊙ ε");
        if (!Close(std, 2, atol: 0.1))
        {
            var named = new (double std, string mistake)[]
            {
                (4, "σ² where σ belongs: z = μ + σ ⊙ ε, σ is the standard deviation"),
                (1, "ε is not scaled by σ: z = μ + σ ⊙ ε"),
                (Math.Sqrt(2), "√σ where σ belongs: σ is the standard deviation already"),
                (Math.Exp(2), "exp(σ) where σ belongs: σ is the standard deviation already"),
                (Math.E, "exp(σ / 2) reads σ as log σ²: σ is the standard deviation already"),
            };
            throw new Mistake(named.FirstOrDefault(m => Close(std, m.std, atol: 0.1)).mistake
                ?? $"z should have standard deviation σ = 2 here, got {std:F2}: z = μ + σ ⊙ ε");
        }
        if (!z.requires_grad)
            throw new Mistake("no gradient flows through z: the sample is cut off from μ and σ. Write z = μ + σ ⊙ ε with ε = randn_like(σ)");
        z.sum().backward();
        if (mu.grad is null || Scalar(mu.grad.abs().sum()) == 0)
            throw new Mistake("no gradient reaches μ: the sample must be computed from μ (z = μ + σ ⊙ ε), not detached from it");
        if (sigma.grad is null || Scalar(sigma.grad.abs().sum()) == 0)
            throw new Mistake("no gradient reaches σ: sampling cut it (normal(μ, σ), .detach(), or ε drawn with σ inside). Write z = μ + σ ⊙ ε with ε = randn_like(σ)");
        Tensor again;
        using (no_grad()) again = studentReparameterize([mu, sigma]) as Tensor ?? z;
        if (Close(again, z))
            throw new Mistake("every call draws the same ε: draw a new one each time (randn_like), without setting the seed inside");
        return "z = μ + σ ⊙ ε has mean μ and standard deviation σ over 20,000 draws, a new ε per row and call, and gradients reach μ and σ";
    });

    /// <summary>
    /// compute_elbo(x, x_logits, z_mu, z_sigma) → (elbo, log_likelihood, kl), each the mean over the batch. Three batches of
    /// four images whose answers are known: zero logits (every pixel ln 2 nats: 784 · ln 2 ≈ 543.43), μ = 0 with σ = e
    /// (KL = e² − 3 ≈ 4.39 over two coordinates), and random values against the reference.
    /// </summary>
    public static void compute_elbo(Func<Tensor, Tensor, Tensor, Tensor, (Tensor elbo, Tensor log_likelihood, Tensor kl)> compute_elbo) =>
        Run(nameof(compute_elbo), () =>
        {
            const int batch = 4, d = 2;
            manual_seed(21);
            var x = bernoulli(full(batch, 784, 0.5f));
            var (zeroLogits, zeroMu, oneSigma) = (zeros(batch, 784), zeros(batch, d), ones(batch, d));
            var eSigma = full(batch, d, (float)Math.E);
            var gray = rand(batch, 784);
            var logits = 3 * randn(batch, 784);
            var mu = randn(batch, d);
            var sigma = F.softplus(randn(batch, d)) + 0.1;

            (Tensor elbo, Tensor ll, Tensor kl) Call(Tensor x, Tensor l, Tensor m, Tensor s)
            {
                var (elbo, ll, kl) = compute_elbo(x, l, m, s);
                foreach (var (value, name) in new[] { (elbo, "elbo"), (ll, "log_likelihood"), (kl, "kl") })
                {
                    if (value is null) throw new Mistake($"{name} is null: return (elbo, log_likelihood, kl)");
                    if (value.numel() == batch) throw new Mistake($"{name} has one value per image: return the mean over the batch (.mean())");
                    if (value.numel() != 1) throw new Mistake($"{name} should be one number, the mean over the batch; got shape {Shape(value)}");
                }
                return (elbo, ll, kl);
            }

            // Zero logits: every pixel is ln 2 nats whatever x is, so log p(x|z) = −784 ln 2; μ = 0, σ = 1 make the KL 0.
            var nats = 784 * Math.Log(2);
            var r = Call(x, zeroLogits, zeroMu, oneSigma);
            var ll0 = Scalar(r.ll);
            if (!Close(ll0, -nats, rtol: 1e-3))
            {
                var named = new (double value, string mistake)[]
                {
                    (nats, "log_likelihood > 0: it is the log of a probability, ≤ 0; you return the reconstruction loss, its negative"),
                    (-Math.Log(2), "the pixels are averaged: log p(x|z) is the sum over the 784 pixels (.sum(1)), then the mean over the batch"),
                    (Math.Log(2), "the pixels are averaged, and the sign is flipped: log p(x|z) = −(the 784 pixels' binary cross-entropies summed)"),
                    (-batch * nats, "the batch is summed: log p(x|z) is summed over the pixels, then averaged over the images (.mean())"),
                    (Scalar(-F.binary_cross_entropy_with_logits(zeroLogits.sigmoid(), x, reduction: nn.Reduction.None).sum(1).mean()),
                        "probabilities passed where logits go: x_logits are logits already, binary_cross_entropy_with_logits applies the sigmoid itself"),
                };
                throw new Mistake(named.FirstOrDefault(m => Close(ll0, m.value, rtol: 1e-3)).mistake
                    ?? (double.IsFinite(ll0)
                        ? $"log_likelihood with zero logits should be −784 · ln 2 = {-nats:F2} nats, got {ll0:F2}"
                        : "log_likelihood is not finite: x_logits are logits, not probabilities; take the log of their sigmoid, or use binary_cross_entropy_with_logits"));
            }
            if (!Close(Scalar(r.kl), 0, atol: 1e-4))
                throw new Mistake(Close(Scalar(r.kl), d * 0.5, atol: 1e-3) || Close(Scalar(r.kl), d, atol: 1e-3)
                    ? "KL(N(0, I) ‖ N(0, I)) must be 0: the − 1 in ½ Σ (μ² + σ² − log σ² − 1) is missing"
                    : $"KL must be 0 when μ = 0 and σ = 1, got {Scalar(r.kl):F3}: KL = ½ Σⱼ (μⱼ² + σⱼ² − log σⱼ² − 1)");

            // μ = 0, σ = e: each coordinate gives ½ (e² − 2 − 1); the usual slips land on their own numbers.
            var kl = Scalar(Call(x, zeroLogits, zeroMu, eSigma).kl);
            var e2 = Math.Exp(2);
            if (!Close(kl, e2 - 3, rtol: 1e-3))
            {
                var named = new (double value, string mistake)[]
                {
                    (e2 - 2, "log σ where log σ² belongs: KL = ½ Σ (μ² + σ² − log σ² − 1), and log σ² = 2 log σ"),
                    ((e2 - 3) / d, "the KL is averaged over the latent coordinates: sum them (.sum(1)), then average over the batch"),
                    (batch * (e2 - 3), "the batch is summed: the KL is summed over coordinates, then averaged over the images"),
                    (2 * (e2 - 3), "the ½ is missing: KL = ½ Σ (μ² + σ² − log σ² − 1)"),
                    (Math.E - 2, "σ where σ² belongs: KL = ½ Σ (μ² + σ² − log σ² − 1)"),
                    (3 - e2, "the KL's sign is flipped: KL ≥ 0, and the ELBO subtracts it"),
                };
                throw new Mistake(named.FirstOrDefault(m => Close(kl, m.value, rtol: 1e-3)).mistake
                    ?? $"KL with μ = 0, σ = e over two coordinates should be e² − 3 = {e2 - 3:F3} nats, got {kl:F3}");
            }

            // Random values: the whole formula, against the workbook's reference (the lecture's probability form passes too).
            var g = Call(gray, logits, mu, sigma);
            var llRef = -F.binary_cross_entropy_with_logits(logits, gray, reduction: nn.Reduction.None).sum(1).mean();
            var p = logits.sigmoid();
            var llLecture = (gray * (p + 1e-6).log() + (1 - gray) * (1 - p + 1e-6).log()).sum(1).mean();
            if (!Close(g.ll, llRef, rtol: 1e-4) && !Close(g.ll, llLecture, rtol: 1e-4))
                throw new Mistake(Which(g.ll,
                        ("probabilities passed where logits go (a sigmoid applied twice): x_logits are logits, binary_cross_entropy_with_logits applies the sigmoid itself",
                            () => -F.binary_cross_entropy_with_logits(p, gray, reduction: nn.Reduction.None).sum(1).mean()))
                    ?? $"log_likelihood on random logits is {Scalar(g.ll):F2}, expected {Scalar(llRef):F2}: −binary_cross_entropy_with_logits(x_logits, x) summed over pixels");
            var klRef = (0.5 * (mu.square() + sigma.square() - sigma.square().log() - 1)).sum(1).mean();
            if (!Close(g.kl, klRef, rtol: 1e-4))
                throw new Mistake(Which(g.kl, ("μ where μ² belongs: KL = ½ Σ (μ² + σ² − log σ² − 1)",
                        () => (0.5 * (mu + sigma.square() - sigma.square().log() - 1)).sum(1).mean()))
                    ?? $"KL on random μ and σ is {Scalar(g.kl):F4}, expected {Scalar(klRef):F4}: ½ Σⱼ (μⱼ² + σⱼ² − log σⱼ² − 1)");
            if (!Close(g.elbo, g.ll - g.kl, rtol: 1e-4))
                throw new Mistake(Which(g.elbo,
                        ("elbo > 0: compute_elbo returns the ELBO, log-likelihood − KL (≤ 0); the training loss is its negative", () => g.kl - g.ll),
                        ("the KL is added: ELBO = log-likelihood − KL", () => g.ll + g.kl),
                        ("the KL term is missing from the ELBO: ELBO = log-likelihood − KL", () => g.ll))
                    ?? "elbo is not log_likelihood − kl");
            return $"log-likelihood (zero logits: −784 · ln 2 = −{nats:F2} nats), KL (μ = 0, σ = e: e² − 3 = {e2 - 3:F2} nats) and ELBO = log-likelihood − KL, as means over the batch";
        });

    /// <summary>
    /// training_step(model, optimizer, x) → loss: zero_grad, the batch's −ELBO, backward, step. Two steps of plain SGD on
    /// a fresh model: the loss against −ELBO, each update against −lr times that batch's gradient, and gradients cleared
    /// in between.
    /// </summary>
    public static void training_step<TModel>(Func<TModel, optim.Optimizer, Tensor, Tensor> training_step, TModel model)
        where TModel : nn.Module<Tensor, (Tensor, Tensor, Tensor)> => Run(nameof(training_step), () =>
    {
        const double lr = 0.05;
        var parameters = model.parameters().ToArray();
        var device = DeviceOf(model);
        foreach (var p in parameters) p.grad = null;
        using var sgd = optim.SGD(parameters, lr);
        manual_seed(31);
        var (x1, x2) = (rand(16, 784, device: device), rand(16, 784, device: device));

        // −ELBO of the batch through the student's forward with ε seeded, and its gradient, without touching .grad.
        (double loss, Tensor[] gradient) Reference(Tensor x, int seed)
        {
            manual_seed(seed);
            var (logits, mu, sigma) = model.forward(x);
            var loss = (Elbo.reconstruction_loss(logits, x) + (0.5 * (mu.square() + sigma.square() - sigma.square().log() - 1)).sum(1)).mean();
            return (Scalar(loss), [.. autograd.grad([loss], parameters).Select(g => g.detach())]);
        }
        Tensor[] Snapshot() => [.. parameters.Select(p => p.detach().clone())];
        Tensor Flat(IEnumerable<Tensor> ts) => cat([.. ts.Select(t => t.flatten())]);
        Tensor Moved(Tensor[] before) => Flat(parameters.Zip(before, (p, b) => p.detach() - b));

        var before = Snapshot();
        var (lossRef, g1) = Reference(x1, 32);
        manual_seed(32);
        var loss = training_step(model, sgd, x1) ?? throw new Mistake("training_step returns null: return the loss, so the loop can log it");
        if (loss.numel() != 1)
            throw new Mistake($"the loss should be one number, the batch's mean −ELBO; got shape {Shape(loss)}");
        var value = Scalar(loss);
        if (Close(value, -lossRef, rtol: 1e-3))
            throw new Mistake("the loss is the ELBO itself (< 0): training minimizes the loss, so it must be −ELBO (> 0 on MNIST); minimizing the ELBO makes the bound worse");
        if (!Close(value, lossRef, rtol: 1e-3))
            throw new Mistake($"the loss is {value:F2}, but this batch's −ELBO is {lossRef:F2}: loss = −compute_elbo(x, x_logits, z_mu, z_sigma).elbo");
        var moved = Moved(before);
        if (Scalar(moved.abs().max()) == 0)
            throw new Mistake("the parameters did not change: after loss.backward(), call step() on the optimizer passed in (and zero_grad before backward, not between backward and step)");
        if (!Close(moved, -lr * Flat(g1), rtol: 1e-3, atol: 1e-6))
            throw new Mistake(Close(moved, lr * Flat(g1), rtol: 1e-3, atol: 1e-6)
                ? "the step climbs the loss: backward() the loss −ELBO, not the ELBO"
                : "the update is not one optimizer step along this batch's gradient: zero_grad(), the loss, backward(), step(), in that order");

        before = Snapshot();
        var (_, g2) = Reference(x2, 33);
        manual_seed(33);
        training_step(model, sgd, x2);
        moved = Moved(before);
        if (!Close(moved, -lr * Flat(g2), rtol: 1e-3, atol: 1e-6))
            throw new Mistake(Close(moved, -lr * (Flat(g1) + Flat(g2)), rtol: 1e-3, atol: 1e-6)
                ? "gradients pile up from step to step: call optimizer.zero_grad() before loss.backward() in every step"
                : "the second step is not one optimizer step along its batch's gradient: zero_grad(), the loss, backward(), step()");
        return "the loss is the batch's −ELBO, step() follows its gradient, and zero_grad() clears it between steps (two SGD steps on a fresh model)";
    });
}
