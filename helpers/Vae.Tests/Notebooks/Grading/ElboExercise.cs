using Vae.Core;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// Notebook 1's compute_elbo as a one-exercise notebook for the grading tests: the workbook's real check, and quick (no data,
/// no training), so a kernel's run takes seconds.
/// </summary>
internal static class ElboExercise
{
    public static string SetupCell =>
        $"#r \"{Path.Combine(Repository.Root, "artifacts", "bin", "Vae", "release", "Vae.dll")}\"\nusing TorchSharp;\nusing static TorchSharp.torch;\nusing Vae.Checks;";

    public const string Right = "var ll = -nn.functional.binary_cross_entropy_with_logits(x_logits, x, reduction: nn.Reduction.None).sum(1);\n" +
                                "    var kl = 0.5 * (z_mu.square() + z_sigma.square() - z_sigma.square().log() - 1).sum(1);\n" +
                                "    return ((ll - kl).mean(), ll.mean(), kl.mean());";

    /// <summary>The KL's sign flipped: a mistake the check names.</summary>
    public const string Wrong = "var ll = -nn.functional.binary_cross_entropy_with_logits(x_logits, x, reduction: nn.Reduction.None).sum(1);\n" +
                                "    var kl = 0.5 * (z_mu.square() + z_sigma.square() - z_sigma.square().log() - 1).sum(1);\n" +
                                "    return ((ll + kl).mean(), ll.mean(), kl.mean());";

    public const string CheckCell = "Check.compute_elbo(compute_elbo);";

    public static string Exercise(string body) =>
        "(Tensor elbo, Tensor log_likelihood, Tensor kl) compute_elbo(Tensor x, Tensor x_logits, Tensor z_mu, Tensor z_sigma)\n{\n" +
        $"    // BEGIN SOLUTION Task 1 · compute_elbo: the two terms\n    {body}\n    // END SOLUTION\n}}";

    /// <summary>
    /// Under nbgrader's rule only a submission's regions run, so code of a student's own sits in the exercise's region: it
    /// closes the function to run at the cell's top level, each statement on its own, its failure printed.
    /// </summary>
    public static string Hostile(params string[] statements) => Exercise("throw new NotImplementedException();\n}\n" +
        string.Join("\n", statements.Select(s => $"try\n{{\n{s}\n}}\ncatch (Exception e)\n{{\n    Console.WriteLine(e.Message);\n}}")) + "\nvoid Unused()\n{");
}
