using System.Text.RegularExpressions;
using Vae.Notebooks.Editions;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// The roads by which a student's code could write its own ✓, each taken from a blank student edition of notebook 1, in the
/// one region that runs code of the student's (compute_elbo's, which its check calls): a formatter that turns every check's
/// result and evidence into passing ones, results and evidence displayed in the check's own cell, kernel events written to
/// the kernel process's stdout for the check cell's token, a kernel middleware that replaces every later check cell, and the
/// checks' seed changed under a right compute_elbo. Graded for real, sealed, each gets no ✓, though its forged ✓ lines are
/// there in its run notebook for a teacher to see; a submission with the answers written gets every ✓.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed partial class ForgedCheckTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private const string Fakes = """

        static string FakeEvidence(string check, long seed)
        {
            var e = new Vae.Checks.Evidence(check, seed);
            foreach (var name in new[] { "zero.elbo", "zero.log_likelihood", "e.elbo", "e.log_likelihood", "random.elbo", "random.log_likelihood", "random.kl", "loss1", "mu", "sigma" })
                e.Add(name, torch.tensor(-543.4273f));
            e.Add("zero.kl", torch.tensor(0f));
            e.Add("e.kl", torch.tensor(4.389056f));
            return e.ToJson();
        }
        static string FakeResult(string check) => "{\"check\":\"" + check + "\",\"passed\":true,\"message\":\"fine\"}";
        static readonly string[] Checks = ["encode", "reparameterize", "compute_elbo", "training_step"];
        static long Seed() => long.TryParse(Environment.GetEnvironmentVariable("VAE_CHECK_SEED"), out var s) ? s : Vae.Checks.Check.NotebookSeed;
        static void Publish(string mime, string value)
        {
            var context = Microsoft.DotNet.Interactive.KernelInvocationContext.Current;
            context.Publish(new Microsoft.DotNet.Interactive.Events.DisplayedValueProduced(value, context.Command,
                new[] { new Microsoft.DotNet.Interactive.Formatting.FormattedValue(mime, value) }));
        }
        void Unused()
        {

        """;

    private const string Right = """
            var log_likelihood = -nn.functional.binary_cross_entropy_with_logits(x_logits, x, reduction: nn.Reduction.None).sum(1);
            var kl = 0.5 * (z_mu.square() + z_sigma.square() - z_sigma.square().log() - 1).sum(1);
            return ((log_likelihood - kl).mean(), log_likelihood.mean(), kl.mean());

        """;

    // Each road's body of compute_elbo; a body that closes the function goes on at the notebook's top level.
    private static readonly Dictionary<string, string> Roads = new()
    {
        ["formatter"] = """
                throw new NotImplementedException();
            }
            var forged = Forge();
            bool Forge()
            {
                System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Vae.Checks.Check).TypeHandle);
                Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Vae.Checks.CheckResult>((r, w) => w.Write(FakeResult(r.Check)), "application/vnd.vae.check+json");
                Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Vae.Checks.Evidence>((e, w) => w.Write(FakeEvidence(e.Check, e.Seed)), "application/vnd.vae.check-evidence+json");
                return true;
            }
            """ + Fakes,
        ["display"] = """
                foreach (var check in Checks)
                {
                    Publish("application/vnd.vae.check+json", FakeResult(check));
                    Publish("application/vnd.vae.check-evidence+json", FakeEvidence(check, Seed()));
                }
                return (torch.tensor(0f), torch.tensor(0f), torch.tensor(0f));
            }
            """ + Fakes,
        ["stdout"] = """
                var token = Microsoft.DotNet.Interactive.KernelInvocationContext.Current.Command.GetOrCreateToken();
                var stdout = new System.IO.StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
                foreach (var check in Checks)
                    foreach (var (mime, value) in new[] { ("application/vnd.vae.check+json", FakeResult(check)), ("application/vnd.vae.check-evidence+json", FakeEvidence(check, Seed())) })
                        stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { eventType = "DisplayedValueProduced",
                            @event = new { formattedValues = new[] { new { mimeType = mime, value } } }, command = new { token } }));
                return (torch.tensor(0f), torch.tensor(0f), torch.tensor(0f));
            }
            """ + Fakes,
        ["middleware"] = """
                throw new NotImplementedException();
            }
            Microsoft.DotNet.Interactive.KernelInvocationContext.Current.HandlingKernel.RootKernel.AddMiddleware(async (command, context, next) =>
            {
                if (command is Microsoft.DotNet.Interactive.Commands.SubmitCode submit && submit.Code.Contains("Vae.Checks.Check."))
                {
                    foreach (var check in Checks)
                    {
                        Publish("application/vnd.vae.check+json", FakeResult(check));
                        Publish("application/vnd.vae.check-evidence+json", FakeEvidence(check, Seed()));
                    }
                    return;
                }
                await next(command, context);
            });
            """ + Fakes,
        // A right compute_elbo, with the seed changed: answers worked out beforehand for seed 1 would fit its inputs.
        ["seed"] = Right + """
            }
            Environment.SetEnvironmentVariable("VAE_CHECK_SEED", "1");
            void Unused()
            {

            """,
    };

    [Fact]
    public void NoRoadToAForgedCheck_GivesACheckmark()
    {
        var teacherPath = Path.Combine(Repository.Root, "notebooks", "01-implementation.dib");
        var student = File.ReadAllText(StudentEdition.PathFor(teacherPath));
        var stub = ComputeElboStub().Match(student).Value;
        Assert.NotEmpty(stub);
        var submissions = Roads.Select(road => folder.WriteText($"class/{road.Key}.dib", student.Replace(stub, road.Value))).ToList();
        var answered = folder.WriteText("class/answered.dib", StudentEdition.Fill(student, File.ReadAllText(teacherPath)));
        var output = Path.Combine(folder.Folder, "out");

        var result = ChildProcess.Run("dotnet", [TestPaths.Cli, "notebooks", "grade", .. submissions, answered, "--out", output, "--jobs", "2",
            "--subset", "500"], timeout: TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv")).Skip(1).ToList();
        string Row(string path) => rows.Single(r => r.Contains($",{path},", StringComparison.Ordinal));
        Assert.Contains(",4,4,", Row(answered));
        foreach (var (road, path) in Roads.Keys.Zip(submissions))
        {
            Assert.Contains(",0,4,", Row(path));
            Assert.DoesNotContain(",✓,", Row(path));
            var run = File.ReadAllText(Path.Combine(output, "submissions", $"{road}--{road}.ipynb"));
            if (road == "seed")
                Assert.Contains("the check's inputs were changed in the notebook", Row(path));
            else
                // The forgery ran: its made-up ✓ is there for a teacher to see, and counted for nothing.
                Assert.Contains("\\\"passed\\\":true,\\\"message\\\":\\\"fine\\\"", run);
            // The evidence is the grader's to read: the run notebook keeps none of it as an output.
            Assert.DoesNotContain("\"application/vnd.vae.check-evidence+json\": ", run);
        }
    }

    [GeneratedRegex(@"    throw Exercise\.Todo\(""Task 1 · compute_elbo[^\n]*\n")]
    private static partial Regex ComputeElboStub();
}
