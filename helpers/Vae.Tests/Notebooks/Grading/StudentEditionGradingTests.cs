using Vae.Core;
using Vae.Notebooks.Editions;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// A class handing back notebook 1's student edition, graded sealed off with the real checks: one with every exercise
/// written, one with a slip in reparameterize, one left blank. Each row has each check's own verdict and message.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class StudentEditionGradingTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    [SealedFact]
    public void TheStudentEdition_IsGradedOnTheRealChecks_ExerciseByExercise()
    {
        var teacherPath = Path.Combine(Repository.Root, "notebooks", "01-implementation.dib");
        var student = File.ReadAllText(StudentEdition.PathFor(teacherPath));
        var filled = StudentEdition.Fill(student, File.ReadAllText(teacherPath));
        const string right = "return z_mu + z_sigma * randn_like(z_sigma);";
        Assert.Contains(right, filled);
        var good = folder.WriteText("class/ada.dib", filled);
        var slip = folder.WriteText("class/ben.dib", filled.Replace(right, "return z_mu + z_sigma.detach() * randn_like(z_sigma);"));
        var blank = folder.WriteText("class/cy.dib", student);
        // A compile error in the region: the check's cell then fails too (compute_elbo is not defined), and says nothing.
        const string sum = "var kl = 0.5 * (z_mu.square() + z_sigma.square() - z_sigma.square().log() - 1).sum(1);";
        Assert.Contains(sum, filled);
        var typo = folder.WriteText("class/dee.dib", filled.Replace(sum, sum.Replace(".sum(1)", ".mean(1)")));
        var output = Path.Combine(folder.Folder, "out");

        var result = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", "grade", good, slip, blank, typo, "--out", output, "--jobs", "2"],
            timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        Assert.StartsWith("student,file,against,encode,encode message,reparameterize,reparameterize message,compute_elbo,compute_elbo message,training_step,", lines[0]);
        string Row(string path) => lines.Single(r => r.Contains($",{path},01-implementation,", StringComparison.Ordinal));
        Assert.Matches(@",✓,""μ is the first 3[^""]*"",✓,""z = μ \+ σ ⊙ ε[^""]*"",✓,""log-likelihood[^""]*"",✓,""the loss is the batch's −ELBO[^""]*"",4,4,", Row(good));
        // The slip is reparameterize's alone: the step over it is not judged, and says which exercise stands in the way.
        Assert.Contains(",✗,\"no gradient reaches σ: sampling cut it", Row(slip));
        Assert.Matches(@",not reached,""not judged: step 1 follows the gradient of the model's forward pass[^""]*encode or reparameterize is wrong", Row(slip));
        Assert.Contains(",2,4,", Row(slip));
        // Each check of a blank notebook shows its own exercise's hint.
        Assert.Contains(",✗,\"not written yet: Task 1 · encode: a batch x (n × 784) in", Row(blank));
        Assert.Contains(",✗,\"not written yet: Task 1 · reparameterize:", Row(blank));
        Assert.Contains(",✗,\"not written yet: Task 1 · training step:", Row(blank));
        Assert.Contains(",0,4,", Row(blank));
        // The row names the student's own error, not its consequence in the check's cell.
        Assert.Contains(",✗,\"your code: compile error: (line ", Row(typo));
        Assert.Contains("CS1503: Argument 1: cannot convert from 'int' to 'long[]' (TorchSharp's mean takes its dimensions as an array: .mean([1])", Row(typo));
        // The step's cell fails only because compute_elbo's did: the step is not judged, and says so.
        Assert.Contains(",not reached,\"not judged: the cell of Task 1 · compute_elbo failed (compile error: (line ", Row(typo));
        Assert.DoesNotContain("CS0103", Row(typo));
    }

    /// <summary>Unsealed, the kernel runs in the edition's own folder, so the notebook's relative #r finds the helper.</summary>
    [Fact]
    public void Unsealed_TheStudentEditionsRelativeReferenceResolves()
    {
        var blank = folder.WriteText("class/cy.dib", File.ReadAllText(StudentEdition.PathFor(Path.Combine(Repository.Root, "notebooks", "01-implementation.dib"))));
        var output = Path.Combine(folder.Folder, "out");

        var result = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", "grade", blank, "--out", output, "--no-sandbox"], timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = File.ReadAllLines(Path.Combine(output, "gradebook.csv")).Single(r => r.Contains($",{blank},", StringComparison.Ordinal));
        Assert.Contains(",✗,\"not written yet: Task 1 · encode: a batch x (n × 784) in", row);
        Assert.Contains(",0,4,", row);
        Assert.Contains(",completed,", row);
    }
}
