using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Vae.Checks;

/// <summary>Task 1: the model's encode and reparameterize, compute_elbo, and the training step.</summary>
public static partial class Check
{
    /// <summary>
    /// encode: μ is the first d of the encoder's 2d outputs, σ = softplus(ρ) of the other d. Five random images through the
    /// model's <c>encode</c>, its encoder's weights drawn by the check (the check cell passes a fresh model), so the judge
    /// computes the encoder's outputs itself.
    /// </summary>
    public static void encode(nn.Module vae) => Run(nameof(encode), (probe, evidence) =>
    {
        var encoder = vae.named_children().FirstOrDefault(c => c.name == "encoder").module
            ?? throw new CannotCheckException($"{vae.GetType().Name} has no encoder layer (a field named encoder): pass the VAE of Task 1");
        var studentEncode = Method(vae, "encode", 1);
        var x = probe.rand(5, 784).to(DeviceOf(vae));
        DrawParameters(probe, encoder, evidence, "encoder.");
        var returned = Pair(studentEncode([x]));
        evidence.Add("pair", returned is null ? 0 : 1);
        evidence.Add("mu", returned?.mu.detach());
        evidence.Add("sigma", returned?.sigma.detach());
    });

    private static string JudgeEncode(Probe probe, Evidence evidence)
    {
        var x = probe.rand(5, 784);
        var h = Mlp(DrawnParameters(probe, evidence, "encoder."), x);
        var d = h.shape[1] / 2;
        var (mu_ref, rho) = (h.narrow(1, 0, d), h.narrow(1, d, d));
        var sigma_ref = F.softplus(rho);
        if (evidence.Number("pair") == 0)
            throw new Mistake("not-a-pair", "encode should return (μ, σ), two tensors");
        var (mu, sigma) = (evidence["mu"], evidence["sigma"]);
        ExpectShape(mu, "μ (N × d: the first half of the encoder's outputs, split along dim 1)", 5, d);
        ExpectShape(sigma, "σ (N × d: the second half of the encoder's outputs, split along dim 1)", 5, d);
        if (!Close(mu, mu_ref))
            throw Named(Which(mu, ("swapped", "μ and σ are swapped: μ is the first d outputs, σ = softplus of the other d", () => sigma_ref),
                                  ("mu-second-half", "μ is taken from the second half: μ is the first d outputs", () => rho)),
                "mu", $"μ is not the first d of the encoder's outputs ({Differs(mu, mu_ref, "μ")}): split them with chunk(2, dim: 1)");
        if (!Close(sigma, sigma_ref))
            throw Named(Which(sigma,
                    ("sigma-rho", "σ = ρ can be negative or zero: σ = softplus(ρ)", () => rho),
                    ("sigma-exp", "σ = exp(ρ): the lecture's σ is softplus(ρ) = log(1 + e^ρ)", () => rho.exp()),
                    ("sigma-exp-half", "σ = exp(ρ / 2) reads ρ as log σ²: the lecture's σ is softplus(ρ)", () => (0.5 * rho).exp()),
                    ("sigma-relu", "σ = relu(ρ) is 0 for half the inputs: σ = softplus(ρ)", () => rho.relu()),
                    ("sigma-first-half", "σ is softplus of the first half: σ = softplus of the other d outputs", () => F.softplus(mu_ref))),
                "sigma", $"σ is not softplus(ρ) of the encoder's last d outputs ({Differs(sigma, sigma_ref, "σ")})");
        return $"μ is the first {d} of the encoder's outputs, σ = softplus(ρ) of the other {d}";
    }

    private const int Draws = 20_000;

    /// <summary>
    /// reparameterize: z = μ + σ ⊙ ε, ε ~ N(0, I) drawn with randn_like. 20,000 draws with μ = 3, σ = 2 after seeding the
    /// generator, so the judge knows ε: z must be exactly μ + σ ⊙ ε, a new ε per call, with gradients that reach μ and σ.
    /// </summary>
    public static void reparameterize(nn.Module vae) => Run(nameof(reparameterize), (probe, evidence) =>
    {
        var studentReparameterize = Method(vae, "reparameterize", 2);
        // On the CPU whatever the model's device: the judge redraws ε with the CPU generator.
        var mu = full(Draws, 2, 3.0f).requires_grad_();
        var sigma = full(Draws, 2, 2.0f).requires_grad_();
        probe.SeedGlobal(0);
        var z = studentReparameterize([mu, sigma]) as Tensor;
        evidence.Add("z", z?.detach());
        evidence.Add("requires_grad", z?.requires_grad == true ? 1 : 0);
        if (z?.requires_grad == true && z.numel() > 0)
        {
            z.sum().backward();
            evidence.Add("grad_mu", mu.grad);
            evidence.Add("grad_sigma", sigma.grad);
        }
        using (no_grad()) evidence.Add("z_again", (studentReparameterize([mu, sigma]) as Tensor)?.detach());
    });

    private static string JudgeReparameterize(Probe probe, Evidence evidence)
    {
        var z = evidence.Find("z") ?? throw new Mistake("not-a-tensor", "reparameterize should return z, a tensor");
        ExpectShape(z, "z (the shape of μ)", Draws, 2);
        var eps = probe.Redraw(0, [Draws, 2], [Draws, 2]);
        Tensor Z(double scale, Tensor e, double shift = 3) => shift + scale * e;
        if (!Close(z, Z(2, eps[0]), rtol: 1e-4, atol: 1e-4))
        {
            if (Close(z, full(Draws, 2, 3.0f)))
                throw new Mistake("no-sigma", "z = μ does not depend on σ: the model could never learn how unsure it is. z = μ + σ ⊙ ε with ε ~ N(0, I)");
            if (Close(z, z[0].expand_as(z)))
                throw new Mistake("one-eps", "every row got the same ε: draw one per image and coordinate, ε = randn_like(σ)");
            var (mean, std) = (Scalar(z.mean()), Scalar(z.std()));
            var exact = Which(z,
                ("variance", $"σ² where σ belongs (z has standard deviation {Nats(std)}, σ = 2): z = μ + σ ⊙ ε, σ is the standard deviation", () => Z(4, eps[0])),
                ("unscaled", $"ε is not scaled by σ (z has standard deviation {Nats(std)}, σ = 2): z = μ + σ ⊙ ε", () => Z(1, eps[0])),
                ("sqrt-sigma", "√σ where σ belongs: σ is the standard deviation already", () => Z(Math.Sqrt(2), eps[0])),
                ("exp-sigma", "exp(σ) where σ belongs: σ is the standard deviation already", () => Z(Math.Exp(2), eps[0])),
                ("exp-half-sigma", "exp(σ / 2) reads σ as log σ²: σ is the standard deviation already", () => Z(Math.E, eps[0])),
                ("swapped", "μ and σ are swapped: z = μ + σ ⊙ ε", () => Z(3, eps[0], shift: 2)),
                ("no-mu", $"z has mean {Nats(mean)}, not μ = 3: z = μ + σ ⊙ ε", () => Z(2, eps[0], shift: 0)));
            if (exact is { } named)
                throw new Mistake(named.Key, named.Mistake);
            if (Scalar(z.min()) >= 3 && Scalar(z.max()) < 5)
                throw new Mistake("uniform", "ε is uniform on [0, 1) (rand): ε ~ N(0, I) is randn_like(σ)");
            if (!Close(mean, 3, atol: 0.1) || !Close(std, 2, atol: 0.1))
                throw new Mistake("moments", $"z should have mean μ = 3 and standard deviation σ = 2 here, got mean {Nats(mean)} and standard deviation {Nats(std)}: z = μ + σ ⊙ ε");
            throw new Mistake("other-draw", $"z has mean {Nats(mean)} and standard deviation {Nats(std)}, as it should, but is not μ + σ ⊙ ε for the ε that " +
                                            "randn_like(σ) draws: draw ε with randn_like(σ), once per call, and nothing else random before it");
        }
        if (evidence.Number("requires_grad") == 0)
            throw new Mistake("no-gradient", "no gradient flows through z: the sample is cut off from μ and σ. Write z = μ + σ ⊙ ε with ε = randn_like(σ)");
        if (evidence.Find("grad_mu") is not { } gradMu || !Close(gradMu, ones(Draws, 2)))
            throw new Mistake("no-gradient-mu", "no gradient reaches μ: the sample must be computed from μ (z = μ + σ ⊙ ε), not detached from it");
        if (evidence.Find("grad_sigma") is not { } gradSigma || !Close(gradSigma, eps[0], rtol: 1e-4, atol: 1e-4))
            throw new Mistake("no-gradient-sigma", "no gradient reaches σ: sampling cut it (normal(μ, σ), .detach(), or ε drawn with σ inside). Write z = μ + σ ⊙ ε with ε = randn_like(σ)");
        if (evidence.Find("z_again") is not { } again || !Close(again, Z(2, eps[1]), rtol: 1e-4, atol: 1e-4))
            throw new Mistake("same-eps", evidence.Find("z_again") is { } same && Close(same, z)
                ? "every call draws the same ε: draw a new one each time (randn_like), without setting the seed inside"
                : "a second call does not give μ + σ ⊙ ε with a new ε: draw ε with randn_like(σ) in every call");
        return "z = μ + σ ⊙ ε for the ε randn_like draws (20,000 draws: mean μ, standard deviation σ), a new ε per call, and gradients reach μ and σ";
    }

    private const int ElboBatch = 4, ElboLatent = 2;

    /// <summary>The three batches compute_elbo is called on, drawn from the probe in this order by the collector and the judge alike.</summary>
    private static (Tensor x, Tensor gray, Tensor logits, Tensor mu, Tensor sigma) ElboInputs(Probe probe) =>
        (probe.bernoulli(full(ElboBatch, 784, 0.5f)), probe.rand(ElboBatch, 784), 3 * probe.randn(ElboBatch, 784),
         probe.randn(ElboBatch, ElboLatent), F.softplus(probe.randn(ElboBatch, ElboLatent)) + 0.1);

    /// <summary>
    /// compute_elbo(x, x_logits, z_mu, z_sigma) → (elbo, log_likelihood, kl), each the mean over the batch. Three batches of
    /// four images whose answers are known: zero logits (every pixel ln 2 nats: 784 · ln 2 ≈ 543.43), μ = 0 with σ = e
    /// (KL = e² − 3 ≈ 4.39 over two coordinates), and random values against the reference.
    /// </summary>
    public static void compute_elbo(Func<Tensor, Tensor, Tensor, Tensor, (Tensor elbo, Tensor log_likelihood, Tensor kl)> compute_elbo) =>
        Run(nameof(compute_elbo), (probe, evidence) =>
        {
            var (x, gray, logits, mu, sigma) = ElboInputs(probe);
            var (zeroLogits, zeroMu, oneSigma) = (zeros(ElboBatch, 784), zeros(ElboBatch, ElboLatent), ones(ElboBatch, ElboLatent));
            void Call(string batch, Tensor xb, Tensor l, Tensor m, Tensor s)
            {
                var (elbo, ll, kl) = compute_elbo(xb, l, m, s);
                evidence.Add($"{batch}.elbo", elbo?.detach());
                evidence.Add($"{batch}.log_likelihood", ll?.detach());
                evidence.Add($"{batch}.kl", kl?.detach());
            }
            Call("zero", x, zeroLogits, zeroMu, oneSigma);
            Call("e", x, zeroLogits, zeroMu, full(ElboBatch, ElboLatent, (float)Math.E));
            Call("random", gray, logits, mu, sigma);
        });

    private static string JudgeComputeElbo(Probe probe, Evidence evidence)
    {
        var (x, gray, logits, mu, sigma) = ElboInputs(probe);
        (double elbo, double ll, double kl) Returned(string batch)
        {
            var values = new[] { "elbo", "log_likelihood", "kl" }.Select(name =>
            {
                var value = evidence.Find($"{batch}.{name}") ?? throw new Mistake("null", $"{name} is null: return (elbo, log_likelihood, kl)");
                if (value.numel() == ElboBatch) throw new Mistake("per-image", $"{name} has one value per image: return the mean over the batch (.mean())");
                if (value.numel() != 1) throw new Mistake("shape", $"{name} should be one number, the mean over the batch; got shape {Shape(value)}");
                return Scalar(value);
            }).ToArray();
            return (values[0], values[1], values[2]);
        }

        // Zero logits: every pixel is ln 2 nats whatever x is, so log p(x|z) = −784 ln 2; μ = 0, σ = 1 make the KL 0.
        var nats = 784 * Math.Log(2);
        var r = Returned("zero");
        if (!Close(r.ll, -nats, rtol: 1e-3))
        {
            var given = $"log_likelihood with zero logits is {Nats(r.ll)} where −784 · ln 2 = {Nats(-nats)} was expected";
            var named = new (double Value, string Key, string Mistake)[]
            {
                (nats, "ll-sign", "log_likelihood > 0: it is the log of a probability, ≤ 0; you return the reconstruction loss, its negative"),
                (-Math.Log(2), "pixels-averaged", "the pixels are averaged: log p(x|z) is the sum over the 784 pixels (.sum(1)), then the mean over the batch"),
                (Math.Log(2), "pixels-averaged-sign", "the pixels are averaged, and the sign is flipped: log p(x|z) = −(the 784 pixels' binary cross-entropies summed)"),
                (-ElboBatch * nats, "batch-summed", "the batch is summed: log p(x|z) is summed over the pixels, then averaged over the images (.mean())"),
                (Scalar(-F.binary_cross_entropy_with_logits(full(ElboBatch, 784, 0.5f), x, reduction: nn.Reduction.None).sum(1).mean()), "probabilities",
                    "probabilities passed where logits go: x_logits are logits already, binary_cross_entropy_with_logits applies the sigmoid itself"),
            };
            var found = named.FirstOrDefault(m => Close(r.ll, m.Value, rtol: 1e-2));
            throw found.Key is not null ? new Mistake(found.Key, $"{given}: {found.Mistake}")
                : double.IsFinite(r.ll) ? new Mistake("ll", given)
                : new Mistake("ll-not-finite", "log_likelihood is not finite: x_logits are logits, not probabilities; take the log of their sigmoid, or use binary_cross_entropy_with_logits");
        }
        if (!Close(r.kl, 0, atol: 1e-4))
            throw Close(r.kl, ElboLatent * 0.5, atol: 1e-3) || Close(r.kl, ElboLatent, atol: 1e-3)
                ? new Mistake("kl-minus-one", $"KL(N(0, I) ‖ N(0, I)) is {Nats(r.kl)} where 0 was expected: the − 1 in ½ Σ (μ² + σ² − log σ² − 1) is missing")
                : new Mistake("kl", $"KL is {Nats(r.kl)} where 0 was expected for μ = 0 and σ = 1: KL = ½ Σⱼ (μⱼ² + σⱼ² − log σⱼ² − 1)");

        // μ = 0, σ = e: each coordinate gives ½ (e² − 2 − 1); the usual slips land on their own numbers.
        var kl = Returned("e").kl;
        var e2 = Math.Exp(2);
        if (!Close(kl, e2 - 3, rtol: 1e-3))
        {
            var given = $"KL = {Nats(kl)} where {Nats(e2 - 3)} (e² − 3, for μ = 0 and σ = e over two coordinates) was expected";
            var named = new (double Value, string Key, string Mistake)[]
            {
                (e2 - 2, "log-sigma", "log σ where log σ² belongs: KL = ½ Σ (μ² + σ² − log σ² − 1), and log σ² = 2 log σ"),
                ((e2 - 3) / ElboLatent, "kl-averaged", "the KL is averaged over the latent coordinates: sum them (.sum(1)), then average over the batch"),
                (ElboBatch * (e2 - 3), "batch-summed", "the batch is summed: the KL is summed over coordinates, then averaged over the images"),
                (2 * (e2 - 3), "no-half", "the ½ is missing: KL = ½ Σ (μ² + σ² − log σ² − 1)"),
                (Math.E - 2, "sigma-for-sigma2", "σ where σ² belongs: KL = ½ Σ (μ² + σ² − log σ² − 1)"),
                (3 - e2, "kl-sign", "the KL's sign is flipped: KL ≥ 0, and the ELBO subtracts it"),
            };
            var found = named.FirstOrDefault(m => Close(kl, m.Value, rtol: 1e-3));
            throw new Mistake(found.Key ?? "kl", found.Key is null ? given : $"{given}: {found.Mistake}");
        }

        // Random values: the whole formula, against the workbook's reference (the lecture's probability form passes too).
        var g = Returned("random");
        var llRef = Scalar(-F.binary_cross_entropy_with_logits(logits, gray, reduction: nn.Reduction.None).sum(1).mean());
        if (!Close(g.ll, llRef, rtol: 1e-4))
            throw new Mistake("ll", $"log_likelihood on random logits is {Nats(g.ll)} where {Nats(llRef)} was expected: " +
                                    "−binary_cross_entropy_with_logits(x_logits, x) summed over pixels");
        var klRef = Scalar((0.5 * (mu.square() + sigma.square() - sigma.square().log() - 1)).sum(1).mean());
        if (!Close(g.kl, klRef, rtol: 1e-4))
        {
            var muNotSquared = Scalar((0.5 * (mu + sigma.square() - sigma.square().log() - 1)).sum(1).mean());
            var given = $"KL on random μ and σ is {g.kl:F4} where {klRef:F4} was expected";
            throw Close(g.kl, muNotSquared, rtol: 1e-4)
                ? new Mistake("mu-for-mu2", $"{given}: μ where μ² belongs: KL = ½ Σ (μ² + σ² − log σ² − 1)")
                : new Mistake("kl", $"{given}: ½ Σⱼ (μⱼ² + σⱼ² − log σⱼ² − 1)");
        }
        if (!Close(g.elbo, g.ll - g.kl, rtol: 1e-4))
        {
            var given = $"elbo is {Nats(g.elbo)} where log_likelihood − kl = {Nats(g.ll - g.kl)} was expected";
            throw Close(g.elbo, g.kl - g.ll, rtol: 1e-4) ? new Mistake("elbo-sign", $"{given}: elbo > 0: compute_elbo returns the ELBO, log-likelihood − KL (≤ 0); the training loss is its negative")
                : Close(g.elbo, g.ll + g.kl, rtol: 1e-4) ? new Mistake("kl-added", $"{given}: the KL is added: ELBO = log-likelihood − KL")
                : Close(g.elbo, g.ll, rtol: 1e-4) ? new Mistake("kl-missing", $"{given}: the KL term is missing from the ELBO: ELBO = log-likelihood − KL")
                : new Mistake("elbo", given);
        }
        return $"log-likelihood (zero logits: −784 · ln 2 = −{Nats(nats)} nats), KL (μ = 0, σ = e: e² − 3 = {Nats(e2 - 3)} nats) and ELBO = log-likelihood − KL, as means over the batch";
    }

    private const double StepLr = 0.05;
    private const int StepBatch = 16;

    /// <summary>
    /// training_step(model, optimizer, x) → loss: zero_grad, the batch's −ELBO, backward, step. Two steps of plain SGD on a
    /// fresh model (the check cell passes a small one), the ε of each step fixed by a seed: the judge rebuilds the lecture's
    /// model from the weights before each step and computes the −ELBO and its gradient itself, so the loss and each update
    /// are checked against numbers the student's code did not make. Where compute_elbo (or encode, reparameterize) gives
    /// another loss, the step is not judged and the message says which exercise stands in the way.
    /// </summary>
    public static void training_step<TModel>(Func<TModel, optim.Optimizer, Tensor, Tensor> training_step,
        Func<Tensor, Tensor, Tensor, Tensor, (Tensor elbo, Tensor log_likelihood, Tensor kl)> compute_elbo, TModel model)
        where TModel : nn.Module<Tensor, (Tensor, Tensor, Tensor)> => Run(nameof(training_step), (probe, evidence) =>
    {
        var parameters = model.parameters().ToArray();
        var device = DeviceOf(model);
        foreach (var p in parameters) p.grad = null;
        using var sgd = optim.SGD(parameters, StepLr);
        var (x1, x2) = (probe.rand(StepBatch, 784).to(device), probe.rand(StepBatch, 784).to(device));
        DrawParameters(probe, model, evidence, "theta0.");
        var before = new List<Tensor[]>();
        for (var step = 1; step <= 2; step++)
        {
            before.Add([.. parameters.Select(p => p.detach().clone())]);
            probe.SeedGlobal(step);
            var loss = training_step(model, sgd, step == 1 ? x1 : x2);
            evidence.Add($"loss{step}", loss?.detach());
            AddParameters(evidence, model, $"theta{step}.");
        }
        // Only for the message when the loss or the update is not the lecture's: the gradient of the lecture's −ELBO through
        // the model's own forward pass before each step (as the step saw it), and what the student's compute_elbo and the
        // lecture's formula give on one forward pass of the fresh model. Wrong values here can only turn a verdict into "not
        // judged", never into a ✓.
        void Restore(Tensor[] values)
        {
            using var noGrad = no_grad();
            foreach (var (p, value) in parameters.Zip(values))
                p.copy_(value);
        }
        try
        {
            for (var step = 1; step <= 2; step++)
            {
                Restore(before[step - 1]);
                probe.SeedGlobal(step);
                var x = step == 1 ? x1 : x2;
                var (logits, mu, sigma) = model.forward(x);
                evidence.Add($"diagnosis.gradient{step}", Flat(autograd.grad([ReferenceLoss(x, logits, mu, sigma)], parameters)));
            }
            Restore(before[0]);
            probe.SeedGlobal(3);
            using var noGrad = no_grad();
            var (l, m, s) = model.forward(x1);
            evidence.Add("diagnosis.formula", -Scalar(ReferenceLoss(x1, l, m, s)));
            evidence.Add("diagnosis.own", Scalar(compute_elbo(x1, l, m, s).elbo));
        }
        catch (Exception)
        {
            // The step was collected; without a diagnosis a wrong loss or update names no culprit.
        }
    });

    private static string JudgeTrainingStep(Probe probe, Evidence evidence)
    {
        var (x1, x2) = (probe.rand(StepBatch, 784), probe.rand(StepBatch, 784));
        var weights = new[] { DrawnParameters(probe, evidence, "theta0."), Weights(evidence, "theta1."), Weights(evidence, "theta2.") };
        // z's size d: the decoder's first layer takes it.
        var latent = weights[0].FirstOrDefault(w => w.Name.StartsWith("decoder.", StringComparison.Ordinal)).Value?.shape[1]
            ?? throw new InvalidDataException("the model has no decoder");
        var eps = Enumerable.Range(1, 3).Select(step => probe.Redraw(step, [StepBatch, latent])[0]).ToArray();
        var theta = weights.Select(Flat).ToArray();
        var (loss1, grad1) = LectureLoss(weights[0], x1, eps[0]);
        var (_, grad2) = LectureLoss(weights[1], x2, eps[1]);

        var returned = evidence.Find("loss1") ?? throw new Mistake("null", "training_step returns null: return the loss, so the loop can log it");
        if (returned.numel() != 1)
            throw new Mistake("shape", $"the loss should be one number, the batch's mean −ELBO; got shape {Shape(returned)}");
        var value = Scalar(returned);
        if (!Close(value, loss1, rtol: 1e-5, atol: 1e-3))
        {
            var elbo = -LectureLoss(weights[0], x1, eps[2]).Loss;
            var (formula, own) = (evidence.NumberOrNull("diagnosis.formula"), evidence.NumberOrNull("diagnosis.own"));
            if (formula is null || own is null)
                throw new NotJudged("compute_elbo", $"its loss is {Nats(value)} where this batch's −ELBO is {Nats(loss1)}, and the model's forward pass or " +
                                                    "compute_elbo fails on a batch of its own: their checks name the mistake");
            if (!Close(formula.Value, elbo, rtol: 1e-5, atol: 1e-3))
                throw new NotJudged("encode or reparameterize", $"the model's forward pass gives ELBO = {Nats(formula.Value)} where the lecture's model with these weights gives " +
                                                                $"{Nats(elbo)}: encode or reparameterize is wrong (their checks name the mistake); the step is judged once they are right");
            if (!Close(own.Value, elbo, rtol: 1e-5, atol: 1e-3))
                throw new NotJudged("compute_elbo", $"its loss is {Nats(value)} where this batch's −ELBO is {Nats(loss1)}, and compute_elbo gives " +
                                                    $"ELBO = {Nats(own.Value)} where {Nats(elbo)} is right: compute_elbo's check names its mistake; the step is judged once it is right");
            throw Close(value, -loss1, rtol: 1e-5, atol: 1e-3)
                ? new Mistake("loss-sign", $"the loss is the ELBO itself ({Nats(value)} where −ELBO = {Nats(loss1)}): training minimizes the loss, so it must be " +
                                           "−ELBO (> 0 on MNIST); minimizing the ELBO makes the bound worse")
                : new Mistake("loss", $"the loss is {Nats(value)} where this batch's −ELBO is {Nats(loss1)}: loss = −compute_elbo(x, x_logits, z_mu, z_sigma).elbo");
        }
        var moved = theta[1] - theta[0];
        if (Scalar(moved.abs().max()) == 0)
            throw new Mistake("no-step", "the parameters did not change: after loss.backward(), call step() on the optimizer passed in (and zero_grad before backward, not between backward and step)");
        ForwardMatters(evidence, 1, moved, grad1);
        if (!Close(moved, -StepLr * grad1, rtol: 1e-3, atol: 1e-6))
            throw Close(moved, StepLr * grad1, rtol: 1e-3, atol: 1e-6)
                ? new Mistake("climbs", "the step climbs the loss: backward() the loss −ELBO, not the ELBO")
                : new Mistake("not-one-step", $"the update is not one optimizer step along this batch's gradient ({Differs(moved, -StepLr * grad1, "Δθ")}): " +
                                              "zero_grad(), the loss, backward(), step(), in that order");
        moved = theta[2] - theta[1];
        ForwardMatters(evidence, 2, moved, grad2);
        if (!Close(moved, -StepLr * grad2, rtol: 1e-3, atol: 1e-6))
            throw Close(moved, -StepLr * (grad1 + grad2), rtol: 1e-3, atol: 1e-6)
                ? new Mistake("no-zero-grad", "gradients pile up from step to step: call optimizer.zero_grad() before loss.backward() in every step")
                : new Mistake("second-step", "the second step is not one optimizer step along its batch's gradient: zero_grad(), the loss, backward(), step()");
        return $"the loss is the batch's −ELBO ({Nats(value)}), step() follows its gradient, and zero_grad() clears it between steps (two SGD steps on a fresh model)";
    }

    /// <summary>
    /// A step that follows the gradient of the model's own forward pass, where that gradient is not the lecture's model's,
    /// is right: encode or reparameterize (the forward pass) is what is wrong, and the step is not judged.
    /// </summary>
    private static void ForwardMatters(Evidence evidence, int step, Tensor moved, Tensor lecture)
    {
        if (evidence.Find($"diagnosis.gradient{step}") is { } own && !Close(own, lecture, rtol: 1e-3, atol: 1e-6)
            && Close(moved, -StepLr * own, rtol: 1e-3, atol: 1e-6))
            throw new NotJudged("encode or reparameterize", $"step {step} follows the gradient of the model's forward pass, but that gradient is not the lecture's model's " +
                                                            $"({Differs(own, lecture, "∂loss/∂θ")}): encode or reparameterize is wrong (their checks name the " +
                                                            "mistake); the step is judged once they are right");
    }

    /// <summary>The lecture's −ELBO of a batch, from the model's outputs: what the judge, and the diagnosis, hold losses to.</summary>
    private static Tensor ReferenceLoss(Tensor x, Tensor logits, Tensor mu, Tensor sigma) =>
        (Models.Elbo.reconstruction_loss(logits, x) + (0.5 * (mu.square() + sigma.square() - sigma.square().log() - 1)).sum(1)).mean();

    /// <summary>The weights an evidence keeps under <paramref name="prefix"/> ("encoder.0.weight", …), in the order the model named them.</summary>
    private static IReadOnlyList<(string Name, Tensor Value)> Weights(Evidence evidence, string prefix) =>
        [.. evidence.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => (n[prefix.Length..], evidence[n]))];

    private static Tensor Flat(IEnumerable<Tensor> tensors) => cat([.. tensors.Select(t => t.flatten())]);

    private static Tensor Flat(IReadOnlyList<(string Name, Tensor Value)> weights) => Flat(weights.Select(w => w.Value));

    /// <summary>
    /// The lecture's VAE with the student's <paramref name="weights"/>: its encoder and decoder are Linear layers (weight, then
    /// bias) with ReLU between, σ = softplus of the encoder's second half. Its −ELBO on <paramref name="x"/> with
    /// z = μ + σ ⊙ <paramref name="eps"/>, and that loss's gradient, flat in the weights' order.
    /// </summary>
    private static (double Loss, Tensor Gradient) LectureLoss(IReadOnlyList<(string Name, Tensor Value)> weights, Tensor x, Tensor eps)
    {
        var parts = weights.Select(w => (w.Name, Value: w.Value.detach().clone().requires_grad_())).ToList();
        IReadOnlyList<(string, Tensor)> Of(string network) =>
            [.. parts.Where(w => w.Name.StartsWith(network + ".", StringComparison.Ordinal))];
        var q = Mlp(Of("encoder"), x).chunk(2, dim: 1);
        var (mu, sigma) = (q[0], F.softplus(q[1]));
        var logits = Mlp(Of("decoder"), mu + sigma * eps);
        var loss = ReferenceLoss(x, logits, mu, sigma);
        return (Scalar(loss), Flat(autograd.grad([loss], [.. parts.Select(p => p.Value)])));
    }

    /// <summary>Linear layers (a weight, then a bias, each) with ReLU between, as the lecture's encoder and decoder are.</summary>
    private static Tensor Mlp(IReadOnlyList<(string Name, Tensor Value)> layers, Tensor input)
    {
        if (layers.Count == 0 || layers.Count % 2 != 0)
            throw new InvalidDataException("the network is not Linear layers with a weight and a bias each");
        for (var j = 0; j < layers.Count; j += 2)
        {
            input = F.linear(input, layers[j].Value, layers[j + 1].Value);
            if (j + 2 < layers.Count)
                input = input.relu();
        }
        return input;
    }

    /// <summary>Where two tensors of one shape differ most, for a message: "μ[3] = 0.12 where 0.57 was expected".</summary>
    private static string Differs(Tensor actual, Tensor expected, string name)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
            return $"{name} has shape {Shape(actual)} where {Shape(expected)} was expected";
        var (a, e) = (actual.flatten().to(float64, CPU), expected.flatten().to(float64, CPU));
        var i = (a - e).abs().nan_to_num(double.MaxValue).argmax().item<long>();
        return $"{name}[{i}] = {Scalar(a[i]):0.####} where {Scalar(e[i]):0.####} was expected";
    }
}
