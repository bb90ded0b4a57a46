using TorchSharp;
using Vae.Torch;
using Vae.Checks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Vae.Tests.Checks;

/// <summary>
/// Mutation tests of Task 1's checks: the right implementation passes, and each usual mistake, written here the way a
/// student would write it, fails with the message that names it.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class ImplementationCheckTests
{
    internal static void Fails(Action check, string mistake)
    {
        var e = Assert.Throws<CheckFailedException>(check);
        Assert.False(e.Result.Passed);
        Assert.Contains(mistake, e.Message);
        Assert.StartsWith($"✗ {e.Result.Check}: ", e.Message);
        Assert.Equal("", e.StackTrace);
        Assert.Equal(e.Message, e.ToString());   // the cell's error is the one line
    }

    [Fact]
    public void Encode_PassesTheLecturesSplit_AndNamesEachSlip()
    {
        Check.encode(new StudentVae());
        Fails(() => Check.encode(new StudentVae(encodeSlip: "swapped")), "μ and σ are swapped");
        Fails(() => Check.encode(new StudentVae(encodeSlip: "exp")), "σ = exp(ρ)");
        Fails(() => Check.encode(new StudentVae(encodeSlip: "no softplus")), "σ = ρ can be negative");
    }

    [Fact]
    public void AWrongAnswer_ShowsTheNumbersBesideTheMistake()
    {
        var e = Assert.Throws<CheckFailedException>(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, logSigma: true)));
        Assert.Contains("KL = 5.39 where 4.39 (e² − 3, for μ = 0 and σ = e over two coordinates) was expected: log σ where log σ² belongs", e.Message);
        Assert.Equal("log-sigma", e.Result.Mistake);
        e = Assert.Throws<CheckFailedException>(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, pixels: t => t.mean([1]))));
        Assert.Contains("log_likelihood with zero logits is -0.69 where −784 · ln 2 = -543.43 was expected: the pixels are averaged", e.Message);
    }

    [Fact]
    public void Reparameterize_PassesMuPlusSigmaEps_AndNamesEachSlip()
    {
        Check.reparameterize(new StudentVae());
        Fails(() => Check.reparameterize(new StudentVae(reparameterizeSlip: "no sigma")), "does not depend on σ");
        Fails(() => Check.reparameterize(new StudentVae(reparameterizeSlip: "variance")), "σ² where σ belongs");
        Fails(() => Check.reparameterize(new StudentVae(reparameterizeSlip: "detached")), "no gradient reaches σ");
        Fails(() => Check.reparameterize(new StudentVae(reparameterizeSlip: "one eps")), "every row got the same ε");
        Fails(() => Check.reparameterize(new StudentVae(reparameterizeSlip: "uniform")), "ε is uniform");
        Fails(() => Check.reparameterize(new StudentVae(reparameterizeSlip: "no mu")), ", not μ = 3: z = μ + σ ⊙ ε");
    }

    [Fact]
    public void Reparameterize_AcceptsEveryWayOfDrawingTheSameStandardNormals()
    {
        // randn_like(σ), randn(σ.shape) and normal_ on a fresh tensor draw the same numbers from the seeded generator.
        Check.reparameterize(new StudentVae(reparameterizeSlip: "randn shape"));
        Check.reparameterize(new StudentVae(reparameterizeSlip: "normal_"));
    }

    [Fact]
    public void ACheckPutsTheRandomGeneratorBack()
    {
        var model = new StudentVae();
        manual_seed(5);
        var expected = rand(3).ToArray<float>();
        manual_seed(5);
        Check.reparameterize(model);
        Assert.Equal(expected, rand(3).ToArray<float>());
    }

    [Fact]
    public void AnUnwrittenExercise_FailsWithItsHint()
    {
        Fails(() => Check.compute_elbo((x, l, m, s) => throw Exercise.Todo("Task 1 · compute_elbo: the two terms")),
            "not written yet: Task 1 · compute_elbo: the two terms");
    }

    [Fact]
    public void AModelWithoutTheMethod_CannotBeChecked_AndSaysWhy()
    {
        var e = Assert.Throws<CannotCheckException>(() => Check.reparameterize(nn.Linear(2, 2)));
        Assert.Contains("has no method reparameterize(Tensor, Tensor)", e.Message);
    }

    // ---- compute_elbo ----

    private static (Tensor, Tensor, Tensor) Elbo(Tensor x, Tensor x_logits, Tensor z_mu, Tensor z_sigma,
        Func<Tensor, Tensor>? pixels = null, Func<Tensor, Tensor>? coordinates = null, Func<Tensor, Tensor>? batch = null,
        bool logSigma = false, bool doubleSigmoid = false, bool lectureForm = false, int sign = 1)
    {
        pixels ??= t => t.sum(1);
        coordinates ??= t => t.sum(1);
        batch ??= t => t.mean();
        Tensor log_likelihood;
        if (lectureForm)
        {
            var p = x_logits.sigmoid();
            log_likelihood = pixels(x * (p + 1e-6).log() + (1 - x) * (1 - p + 1e-6).log());
        }
        else
        {
            log_likelihood = -pixels(F.binary_cross_entropy_with_logits(doubleSigmoid ? x_logits.sigmoid() : x_logits, x, reduction: nn.Reduction.None));
        }
        var log_var = logSigma ? z_sigma.log() : z_sigma.square().log();
        var kl = coordinates(0.5 * (z_mu.square() + z_sigma.square() - log_var - 1));
        return (sign * batch(log_likelihood - kl), sign * batch(log_likelihood), batch(kl));
    }

    [Fact]
    public void ComputeElbo_PassesTheLogitForm_AndTheLecturesProbabilityForm()
    {
        Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s));
        Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, lectureForm: true));
    }

    [Fact]
    public void ComputeElbo_NamesEachMistake()
    {
        Fails(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, sign: -1)), "log_likelihood > 0");
        Fails(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, pixels: t => t.mean([1]))), "the pixels are averaged");
        Fails(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, batch: t => t.sum())), "the batch is summed");
        Fails(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, coordinates: t => t.mean([1]))), "averaged over the latent coordinates");
        Fails(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, logSigma: true)), "log σ where log σ² belongs");
        Fails(() => Check.compute_elbo((x, l, m, s) => Elbo(x, l, m, s, doubleSigmoid: true)), "probabilities passed where logits go");
        Fails(() => Check.compute_elbo((x, l, m, s) => { var (e, ll, kl) = Elbo(x, l, m, s); return (ll + kl, ll, kl); }), "the KL is added");
        Fails(() => Check.compute_elbo((x, l, m, s) => { var (e, ll, kl) = Elbo(x, l, m, s); return (-e, ll, kl); }), "elbo > 0");
        Fails(() => Check.compute_elbo((x, l, m, s) => { var (e, ll, kl) = Elbo(x, l, m, s, batch: t => t); return (e, ll, kl); }), "one value per image");
    }

    // ---- the training step ----

    private static Tensor Step(StudentVae model, optim.Optimizer optimizer, Tensor x, bool zeroGrad = true, bool step = true, int sign = -1)
    {
        if (zeroGrad) optimizer.zero_grad();
        var (x_logits, z_mu, z_sigma) = model.forward(x);
        var (elbo, _, _) = Elbo(x, x_logits, z_mu, z_sigma);
        var loss = sign * elbo;
        loss.backward();
        if (step) optimizer.step();
        return loss;
    }

    private static (Tensor, Tensor, Tensor) RightElbo(Tensor x, Tensor l, Tensor m, Tensor s) => Elbo(x, l, m, s);

    [Fact]
    public void TrainingStep_PassesTheFourLines_AndNamesEachMistake()
    {
        Check.training_step((m, o, x) => Step(m, o, x), RightElbo, new StudentVae());
        Fails(() => Check.training_step((m, o, x) => Step(m, o, x, zeroGrad: false), RightElbo, new StudentVae()), "gradients pile up");
        Fails(() => Check.training_step((m, o, x) => Step(m, o, x, step: false), RightElbo, new StudentVae()), "the parameters did not change");
        Fails(() => Check.training_step((m, o, x) => Step(m, o, x, sign: 1), RightElbo, new StudentVae()), "the loss is the ELBO itself");
    }

    /// <summary>
    /// A right step over a wrong compute_elbo (its KL with log σ, its sign dropped, the default reduction) or a wrong encode
    /// is not charged to the step: it is not judged, and the message names the exercise in the way, once.
    /// </summary>
    [Theory]
    [InlineData("log sigma", "compute_elbo")]
    [InlineData("sign", "compute_elbo")]
    [InlineData("mean over everything", "compute_elbo")]
    [InlineData("encode", "encode or reparameterize")]
    [InlineData("detached σ", "encode or reparameterize")]
    public void TrainingStep_OverAnotherExercisesMistake_IsNotJudged_AndNamesThatExercise(string slip, string culprit)
    {
        Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor)> elbo = slip switch
        {
            "log sigma" => (x, l, m, s) => Elbo(x, l, m, s, logSigma: true),
            "sign" => (x, l, m, s) => Elbo(x, l, m, s, sign: -1),
            "mean over everything" => (x, l, m, s) => Elbo(x, l, m, s, pixels: t => t.mean([1]), coordinates: t => t.mean([1])),
            _ => RightElbo,
        };
        Tensor StepWith(StudentVae model, optim.Optimizer optimizer, Tensor x)
        {
            optimizer.zero_grad();
            var (x_logits, z_mu, z_sigma) = model.forward(x);
            var loss = -elbo(x, x_logits, z_mu, z_sigma).Item1;
            loss.backward();
            optimizer.step();
            return loss;
        }
        var model = new StudentVae(encodeSlip: slip == "encode" ? "exp" : "", reparameterizeSlip: slip == "detached σ" ? "detached" : "");
        var e = Assert.Throws<CheckFailedException>(() => Check.training_step(StepWith, elbo, model));
        Assert.Equal(culprit, e.Result.BlockedBy);
        Assert.Null(e.Result.Mistake);
        Assert.StartsWith("– training_step: not judged: ", e.Message);
        Assert.Contains(culprit, e.Message);
        Assert.DoesNotContain("zero_grad(), the loss, backward(), step()", e.Message);
    }

    [Fact]
    public void TrainingStep_OfABlankNotebook_ShowsItsOwnHint_AndNotAnotherExercises()
    {
        Fails(() => Check.training_step<StudentVae>((m, o, x) => throw Exercise.Todo("Task 1 · training step: the four lines"),
            (x, l, m, s) => throw Exercise.Todo("Task 1 · compute_elbo: the two terms"), new StudentVae()), "not written yet: Task 1 · training step");
        var e = Assert.Throws<CheckFailedException>(() => Check.training_step((m, o, x) => Step(m, o, x), RightElbo, new StudentVae(encodeSlip: "not written")));
        Assert.Equal("encode", e.Result.BlockedBy);
        Assert.Contains("not judged: it calls encode, which is not written yet: Task 1 · encode", e.Message);
    }

    [Fact]
    public void TrainingStep_TakesTheWorkbooksFusedAdam_WhereTheNotebookPassesIt()
    {
        // The notebook's loop passes its FusedAdam as the optim.Optimizer; the same step code trains with it.
        var model = new StudentVae();
        using var adam = new Vae.Training.FusedAdam(model.parameters(), lr: 1e-3);
        var before = model.parameters().First().detach().clone();
        var loss = Step(model, adam, rand(8, 784));
        Assert.True(loss.item<float>() > 0);
        Assert.False(before.allclose(model.parameters().First()));
    }
}
