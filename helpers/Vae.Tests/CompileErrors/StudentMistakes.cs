namespace Vae.Tests.CompileErrors;

/// <summary>
/// A compile error as a student of these notebooks makes it: the cell as written (after <see cref="Setup"/>, in the
/// notebooks' own names), the compiler's code it gives, and a piece of the explanation it must get.
/// </summary>
/// <param name="Mistake">What the student did, in words.</param>
public sealed record StudentMistake(string Mistake, string Cell, string Code, string Explanation)
{
    public override string ToString() => Mistake;
}

/// <summary>The mistakes, collected by writing the exercises of notebooks 1–4 wrongly in the real kernel.</summary>
internal static class StudentMistakes
{
    /// <summary>
    /// The notebooks' first cell in short: the helper, notebook 1's usings, its VAE class as the lecture writes it, and the
    /// names notebooks 2–4 work with (vae, x_test, n_points, z_range). The helper's first call installs the explanations.
    /// </summary>
    public static string Setup(string vaeDll) => $$"""
        #r "{{vaeDll}}"
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using Vae;
        using Vae.Checks;
        using Vae.Drawing;
        using Vae.Torch;

        var device = Devices.Parse("cpu");
        class VAE : nn.Module<Tensor, (Tensor x_logits, Tensor z_mu, Tensor z_sigma)>
        {
            private readonly Sequential encoder, decoder;
            public VAE(int z_dim = 2, int h_dim = 500) : base(nameof(VAE))
            {
                encoder = nn.Sequential(nn.Linear(784, h_dim), nn.ReLU(), nn.Linear(h_dim, 2 * z_dim));
                decoder = nn.Sequential(nn.Linear(z_dim, h_dim), nn.ReLU(), nn.Linear(h_dim, 784));
                RegisterComponents();
            }
            public (Tensor z_mu, Tensor z_sigma) encode(Tensor x)
            {
                var h = encoder.forward(x).chunk(2, dim: 1);
                return (h[0], nn.functional.softplus(h[1]));
            }
            public Tensor reparameterize(Tensor z_mu, Tensor z_sigma) => z_mu + z_sigma * randn_like(z_sigma);
            public Tensor decode(Tensor z) => decoder.forward(z);
            public override (Tensor x_logits, Tensor z_mu, Tensor z_sigma) forward(Tensor x)
            {
                var (z_mu, z_sigma) = encode(x);
                return (decode(reparameterize(z_mu, z_sigma)), z_mu, z_sigma);
            }
        }
        (Tensor elbo, Tensor log_likelihood, Tensor kl) compute_elbo(Tensor x, Tensor x_logits, Tensor z_mu, Tensor z_sigma)
        {
            var log_likelihood = -nn.functional.binary_cross_entropy_with_logits(x_logits, x, reduction: nn.Reduction.None).sum(1);
            var kl = 0.5 * (z_mu.square() + z_sigma.square() - z_sigma.square().log() - 1).sum(1);
            return ((log_likelihood - kl).mean(), log_likelihood.mean(), kl.mean());
        }
        var vae = new VAE();
        var x_test = rand(100, 784);
        var n_points = 10;
        var z_range = arange(-1, 1, 0.1);
        "ready"
        """;

    public static readonly StudentMistake[] All =
    [
        new("Task 2: var before the z_mu declared above", """
            Tensor z_mu;
            var (z_mu, _) = vae.encode(x_test[..n_points]);
            """, "CS0102", "z_mu is already declared above (Tensor z_mu;): give it its value without declaring it again"),
        new("compute_elbo: .mean(1)", """
            (Tensor elbo, Tensor log_likelihood, Tensor kl) compute_elbo(Tensor x, Tensor x_logits, Tensor z_mu, Tensor z_sigma)
            {
                var log_likelihood = -nn.functional.binary_cross_entropy_with_logits(x_logits, x, reduction: nn.Reduction.None).sum(1);
                var kl = 0.5 * (z_mu.square() + z_sigma.square() - z_sigma.square().log() - 1).mean(1) * 2;
                return ((log_likelihood - kl).mean(), log_likelihood.mean(), kl.mean());
            }
            """, "CS1503", "TorchSharp's mean takes its dimensions as an array: .mean([1])"),
        new("compute_elbo: .mean(dim: 1)", "var pixels = x_test.mean(dim: 1);", "CS1739", "mean has no parameter called dim; its parameters are called dimensions"),
        new("compute_elbo: a float epsilon, as the lecture's 1e-6", "float eps = 1e-6;", "CS0664", "1e-6 is a double in C#; a float literal ends in f, 1e-6f"),
        new("decode_grid: int n", """
            Tensor decode_grid(VAE model, Tensor z_range)
            {
                int n = z_range.shape[0];
                return model.decode(zeros(n * n, 2)).sigmoid();
            }
            """, "CS0266", "TorchSharp's sizes (x.shape[0], numel()) are long, not int: declare the variable with var"),
        new("training_step: a missing ;", """
            Tensor training_step(VAE model, optim.Optimizer optimizer, Tensor x)
            {
                optimizer.zero_grad()
                var (x_logits, z_mu, z_sigma) = model.forward(x);
                var loss = -compute_elbo(x, x_logits, z_mu, z_sigma).elbo;
                loss.backward();
                optimizer.step();
                return loss;
            }
            """, "CS1002", "a statement ends with a semicolon: put ; at the end of this line"),
        new("Task 2: Encode for encode", "var (mu, _) = vae.Encode(x_test);", "CS1061", "VAE has no Encode: did you mean encode? C# tells Encode from encode"),
        new("training_step: forward taken apart into two", "var (x_logits, z_mu) = vae.forward(x_test);", "CS8132",
            "the right side gives 3 values and the left names 2: name exactly 3, with _ for each you do not need"),
        new("Task 3: encode's pair as one tensor", "Tensor z_mu = vae.encode(x_test);", "CS0029", "the right side is a tuple (z_mu, z_sigma), not one Tensor"),
        new("training_step: the loss as compute_elbo's tuple", "Tensor loss = compute_elbo(x_test, x_test, x_test, x_test);", "CS0029",
            "the right side is a tuple (elbo, log_likelihood, kl), not one Tensor: take it apart into as many names, (a, _, _) = …, or take one part by name, ….elbo"),
        new("Task 3: encode's pair indexed like a Python tuple", "var z_mu = vae.encode(x_test)[0];", "CS0021", "a tuple (z_mu, z_sigma) is not indexed with [0] in C#"),
        new("encode: softplus without nn.functional", """
            var h = vae.encode(x_test).z_mu;
            var z_sigma = softplus(h);
            """, "CS0103", "softplus lives in nn.functional: write nn.functional.softplus(…)"),
        new("encode: Python's keyword argument", "var h = x_test.chunk(2, dim=1);", "CS0103", "C# names an argument with a colon: dim: …, where Python writes dim=…"),
        new("compute_elbo: Python's power", "var kl = 0.5 * (x_test ** 2).sum(1);", "CS0193", "C# has no ** power operator: write x.pow(2), or x.square()"),
        new("Task 2: Python's slice", "var z1 = x_test[:, 0];", "CS1001", "C# slices with .., not : — x[.., 0] is column 0 of every row"),
        new("compute_elbo: the reduction as a string", """
            var bce = nn.functional.binary_cross_entropy_with_logits(x_test, x_test, reduction: "none");
            """, "CS1503", "reduction takes a value of nn.Reduction, not a string: nn.Reduction.None"),
        new("compute_elbo: nn.Reduction.none", "var bce = nn.functional.binary_cross_entropy_with_logits(x_test, x_test, reduction: nn.Reduction.none);",
            "CS0117", "nn.Reduction has no none: did you mean None?"),
        new("Python's None", "Tensor z = None;", "CS0103", "C# writes null for Python's None"),
        new("reparameterize: no return", """
            Tensor reparameterize(Tensor z_mu, Tensor z_sigma)
            {
                var z = z_mu + z_sigma * randn_like(z_sigma);
            }
            """, "CS0161", "reparameterize promises to give back a value: end it with return …;"),
        new("decode_grid: meshgrid taken apart like a tuple", """var (z1, z2) = meshgrid([z_range, z_range.flip(0)], indexing: "xy");""", "CS1061",
            "a Tensor[] is an array, which C# does not take apart with var (a, b) = …: take its elements as [0] and [1]"),
        new("Task 4: sigmoid without ()", "Tensor samples = vae.decode(randn(64, 2)).sigmoid;", "CS0428", "sigmoid without () names the method without calling it: write sigmoid()"),
        new("Task 2: encode called on the class", "var (mu, _) = VAE.encode(x_test);", "CS0120", "encode belongs to an object, not to the class VAE"),
        new("reparameterize: a parameter declared again", """
            Tensor reparameterize(Tensor z_mu, Tensor z_sigma)
            {
                var z_sigma = z_mu.exp();
                return z_mu + z_sigma * randn_like(z_sigma);
            }
            """, "CS0136", "z_sigma already exists here (a parameter of the method"),
        new("a name from a cell not run (after a restart)", "var (mu, _) = model.encode(x_test);", "CS0103", "nothing called model is declared here"),
        new("decode_grid: shape called like a method", "var n = z_range.shape(0);", "CS1955", "shape is a property, not a method"),
        new("Task 3: Sigmoid for sigmoid", "var p = vae.decode(randn(4, 2)).Sigmoid();", "CS1061", "Tensor has no Sigmoid: did you mean sigmoid?"),
        new("reparameterize: randn_Like", "var e = randn_Like(x_test);", "CS0103", "did you mean randn_like? C# tells randn_Like from randn_like"),
        new("Python's len", "var n = len(x_test);", "CS0103", "C# has no len(): a tensor's size is x.shape[0]"),
        new("Task 4: an unclosed bracket", "var z = randn(64, 2;", "CS1026", "a ( on this line is not closed"),
        new("a misspelt type", "Sequentail layers;", "CS0246", "C# knows no type called Sequentail here"),
        new("reparameterize called without σ", "var (mu, sigma) = vae.encode(x_test);\nvar z = vae.reparameterize(mu);", "CS7036",
            "VAE.reparameterize(Tensor, Tensor) also needs its argument z_sigma"),
        new("training_step: the ELBO's tuple minus a number", "var l = compute_elbo(x_test, x_test, x_test, x_test) * 2.0;", "CS0019",
            "one side of * is a tuple, not a tensor"),
        new("training_step: minus compute_elbo's tuple", "var loss = -compute_elbo(x_test, x_test, x_test, x_test);", "CS0023",
            "- does not apply to a tuple (elbo, log_likelihood, kl): take the part you need by name first, -(….elbo)"),
    ];
}
