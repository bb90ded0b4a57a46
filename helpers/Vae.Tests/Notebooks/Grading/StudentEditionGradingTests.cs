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

    [Fact]
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
        var output = Path.Combine(folder.Folder, "out");

        var result = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", "grade", good, slip, blank, "--out", output, "--jobs", "2"],
            timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        Assert.StartsWith("student,file,against,encode,encode message,reparameterize,reparameterize message,compute_elbo,compute_elbo message,training_step,", lines[0]);
        string Row(string path) => lines.Single(r => r.Contains($",{path},01-implementation,", StringComparison.Ordinal));
        Assert.Matches(@",✓,""μ is the first 2[^""]*"",✓,""z = μ \+ σ ⊙ ε[^""]*"",✓,""log-likelihood[^""]*"",✓,""the loss is the batch's −ELBO[^""]*"",4,4,", Row(good));
        Assert.Contains(",✗,\"no gradient reaches σ: sampling cut it", Row(slip));
        Assert.Contains(",3,4,", Row(slip));
        Assert.Contains(",✗,\"not written yet: Task 1 · encode: split the encoder's 2d outputs", Row(blank));
        Assert.Contains(",0,4,", Row(blank));
    }
}
