using System.Reflection;
using System.Runtime.ExceptionServices;
using TorchSharp;
using Vae.Core;
using Vae.Drawing;
using static TorchSharp.torch;

namespace Vae.Checks;

/// <summary>
/// The student edition's checks, one per exercise. Each works in two steps. It <b>collects</b>: runs the student's code on
/// inputs drawn from its seed (<see cref="Probe"/>) and keeps what came back as <see cref="Evidence"/>. Then it is
/// <b>judged</b> (<see cref="Judge"/>), from the evidence alone, against the right answer the judge computes itself (in
/// closed form, or from the weights the evidence carries) and against the usual mistakes, computed the same ways, so that a
/// wrong answer that lands on one is called by its name, with the numbers: ✓ with what was checked, ✗ naming the mistake, or
/// "not judged" when another exercise's mistake stands in the way. In a notebook both steps run in the kernel and the
/// verdict is the cell's error on ✗ (so Run All stops there). When grading (<see cref="Settings.CheckSeed"/> set), the
/// evidence also goes to the cell's outputs, and the grader judges it in its own process with this same code: a ✓ needs
/// the right tensors for inputs the student did not choose. A check puts the random generator back as it found it.
/// </summary>
public static partial class Check
{
    static Check()
    {
        NotebookDisplay.Register<CheckResult>(
            // A check's line is plain text; a failed check's line is the cell's error instead, so its text here is empty.
            ("text/plain", (r, w) => w.Write(r.Passed ? r.ToString() : "")),
            (CheckResult.MimeType, (r, w) => w.Write(r.ToJson())));
        NotebookDisplay.Register<Evidence>((Evidence.MimeType, (e, w) => w.Write(e.ToJson())));
    }

    /// <summary>The seed of the checks' inputs in a notebook, when no grader chose one: the same inputs every run.</summary>
    public const long NotebookSeed = 20_231;

    /// <summary>How a check collects, given its inputs' probe, into the evidence.</summary>
    private delegate void Collector(Probe probe, Evidence evidence);

    /// <summary>How a check judges evidence, given the probe of the same seed: the ✓ line, or a <see cref="Mistake"/> or <see cref="NotJudged"/>.</summary>
    private delegate string Judgement(Probe probe, Evidence evidence);

    /// <summary>A check: the exercise it judges (the last part of its region's title, as "encode" in "Task 1 · encode") and its judge.</summary>
    private sealed record Definition(string Exercise, Judgement Judge);

    private static readonly Dictionary<string, Definition> Definitions = new()
    {
        [nameof(encode)] = new("encode", JudgeEncode),
        [nameof(reparameterize)] = new("reparameterize", JudgeReparameterize),
        [nameof(compute_elbo)] = new("compute_elbo", JudgeComputeElbo),
        [nameof(training_step)] = new("training step", JudgeTrainingStep),
        [nameof(encoding)] = new("encoding", JudgeEncoding),
        [nameof(decoding)] = new("decoding", JudgeDecoding),
        [nameof(latent_grid)] = new("decode_grid", JudgeLatentGrid),
        [nameof(prior_samples)] = new("prior samples", JudgePriorSamples),
    };

    /// <summary>The names of the checks, as a teacher's check cell calls them.</summary>
    public static IReadOnlyCollection<string> Names => Definitions.Keys;

    private static void Run(string name, Collector collect)
    {
        var seed = Settings.CheckSeed ?? NotebookSeed;
        var evidence = new Evidence(name, seed);
        using (var generator = torch.Generator.Default)
        using (var state = generator.get_state())
        {
            try
            {
                using var scope = NewDisposeScope();
                using var probe = new Probe(name, seed);
                collect(probe, evidence);
            }
            catch (ExerciseNotDoneException notDone)
            {
                evidence.NotWritten = notDone.Message;
            }
            catch (CannotCheckException cannot)
            {
                evidence.CannotCheck = cannot.Message;
            }
            catch (Exception e)
            {
                evidence.Threw = $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
            }
            finally
            {
                generator.set_state(state);
            }
        }
        if (Settings.CheckSeed is not null)
            NotebookDisplay.Show(evidence);
        var result = Judge(evidence, seed);
        NotebookDisplay.Show(result);
        if (evidence.CannotCheck is { } why)
            throw new CannotCheckException(why);
        if (!result.Passed)
            throw new CheckFailedException(result);
    }

    /// <summary>
    /// The verdict on <paramref name="evidence"/> for inputs drawn from <paramref name="seed"/>: what the notebook shows, and
    /// what a grader records after collecting the evidence in the student's kernel. Never throws for what the evidence holds.
    /// </summary>
    public static CheckResult Judge(Evidence evidence, long seed)
    {
        var name = evidence.Check;
        if (!Definitions.TryGetValue(name, out var definition))
            return new CheckResult(name, false, $"there is no check named {name}", "unknown-check");
        if (evidence.Seed != seed)
            return new CheckResult(name, false, "the check's inputs were changed in the notebook: its evidence was drawn from another seed " +
                                                "than the grader's", "tampered");
        if (evidence.CannotCheck is { } cannot)
            return new CheckResult(name, false, cannot, "cannot-check");
        if (evidence.NotWritten is { } stub)
            return ExerciseOf(stub) is { } other && !SameExercise(other, definition.Exercise)
                ? new CheckResult(name, false, $"not judged: it calls {other}, which is {stub}") { BlockedBy = other }
                : new CheckResult(name, false, stub, "not-written");
        if (evidence.Threw is { } threw)
            return new CheckResult(name, false, $"your code threw {threw}", "threw");
        try
        {
            using var scope = NewDisposeScope();
            using var probe = new Probe(name, seed);
            return new CheckResult(name, true, definition.Judge(probe, evidence));
        }
        catch (Mistake mistake)
        {
            return new CheckResult(name, false, mistake.Message, mistake.Key);
        }
        catch (NotJudged blocked)
        {
            return new CheckResult(name, false, $"not judged: {blocked.Message}") { BlockedBy = blocked.Exercise };
        }
        catch (InvalidDataException incomplete)
        {
            return new CheckResult(name, false, $"the check's evidence is incomplete ({incomplete.Message}): run the check's cell again", "incomplete");
        }
    }

    // "not written yet: Task 1 · encode: split …" → "encode"
    private static string? ExerciseOf(string stub) =>
        stub.Split(':') is { Length: >= 2 } parts ? parts[1].Split('·')[^1].Trim() : null;

    private static bool SameExercise(string a, string b) =>
        string.Equals(a.Replace('_', ' '), b.Replace('_', ' '), StringComparison.OrdinalIgnoreCase);

    /// <summary>A wrong answer, named: the check's message, and a short key that names the mistake across a class.</summary>
    private sealed class Mistake(string key, string message) : Exception(message)
    {
        public string Key { get; } = key;
    }

    /// <summary>The exercise cannot be judged while another exercise it uses is wrong: the message says which and how it shows.</summary>
    private sealed class NotJudged(string exercise, string message) : Exception(message)
    {
        public string Exercise { get; } = exercise;
    }

    // ---- comparing the student's tensors with the right answer and the known mistakes ----

    private static bool Close(Tensor? actual, Tensor expected, double rtol = 1e-4, double atol = 1e-5)
    {
        if (actual is null || !actual.shape.SequenceEqual(expected.shape))
            return false;
        using var scope = NewDisposeScope();
        var a = actual.detach().to(float64, CPU);
        var e = expected.detach().to(float64, CPU);
        return a.isfinite().all().item<bool>() && (a - e).abs().le(atol + rtol * e.abs()).all().item<bool>();
    }

    private static bool Close(double actual, double expected, double rtol = 1e-4, double atol = 1e-4) =>
        Math.Abs(actual - expected) <= atol + rtol * Math.Abs(expected);

    /// <summary>The first mistake whose value <paramref name="actual"/> matches, or null.</summary>
    private static (string Key, string Mistake)? Which(Tensor actual, params (string Key, string Mistake, Func<Tensor> Value)[] mistakes)
    {
        foreach (var (key, mistake, value) in mistakes)
        {
            using var scope = NewDisposeScope();
            if (Close(actual, value()))
                return (key, mistake);
        }
        return null;
    }

    /// <summary>The mistake <paramref name="which"/> found, or the general one.</summary>
    private static Mistake Named((string Key, string Mistake)? which, string key, string general) =>
        which is { } found ? new Mistake(found.Key, found.Mistake) : new Mistake(key, general);

    private static double Scalar(Tensor t) => t.detach().to(float64, CPU).item<double>();

    private static string Shape(Tensor t) => Tensors.Format(t.shape);

    private static string Nats(double value) => value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    private static Tensor Given(Evidence evidence, string name, string where) =>
        evidence.Find(name) ?? throw new Mistake("not-set", $"{name} is not set: {where}");

    private static void ExpectShape(Tensor t, string name, params long[] shape)
    {
        if (!t.shape.SequenceEqual(shape))
            throw new Mistake("shape", $"{name} should be {Tensors.Format(shape)}, got {Shape(t)}");
    }

    // ---- calling the student's code ----

    /// <summary>The student's model's method <paramref name="name"/>(Tensor, …), found by name: the model is a class the notebook wrote.</summary>
    private static Func<object[], object?> Method(object model, string name, int tensors)
    {
        var types = Enumerable.Repeat(typeof(Tensor), tensors).ToArray();
        var method = model.GetType().GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, types)
            ?? throw new CannotCheckException($"{model.GetType().Name} has no method {name}({string.Join(", ", types.Select(_ => "Tensor"))}): pass the VAE of Task 1");
        return arguments =>
        {
            try
            {
                return method.Invoke(model, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        };
    }

    /// <summary>μ and σ from what an encode returned: a (μ, σ) tuple, or the helper's <see cref="Models.Posterior"/>; null for anything else.</summary>
    private static (Tensor mu, Tensor sigma)? Pair(object? value) => value switch
    {
        ValueTuple<Tensor, Tensor> (var mu, var sigma) when mu is not null && sigma is not null => (mu, sigma),
        Models.Posterior q => (q.mu, q.sigma),
        _ => null,
    };

    private static Device DeviceOf(nn.Module model) =>
        model.parameters().FirstOrDefault()?.device ?? throw new CannotCheckException($"{model.GetType().Name} has no parameters: pass the VAE of Task 1");

    /// <summary>The module's parameters by name, e.g. "encoder.0.weight": what a judge rebuilds the student's network from.</summary>
    private static void AddParameters(Evidence evidence, nn.Module module, string prefix)
    {
        foreach (var (name, parameter) in module.named_parameters())
            evidence.Add($"{prefix}{name}", parameter.detach());
    }

    /// <summary>
    /// Sets every parameter of the (fresh) <paramref name="module"/> from the probe, in the order the module names them, as a
    /// layer's default initialization scales them (1/√fan-in), and keeps them in the evidence under <paramref name="prefix"/>:
    /// the judge then knows the network it must compute with, and a fabricated one cannot pass for it.
    /// </summary>
    private static void DrawParameters(Probe probe, nn.Module module, Evidence evidence, string prefix)
    {
        using (no_grad())
            foreach (var (_, parameter) in module.named_parameters())
                parameter.copy_(probe.Weights(parameter.shape).to(parameter.device));
        AddParameters(evidence, module, prefix);
    }

    /// <summary>The weights the evidence keeps under <paramref name="prefix"/>, if they are the probe's draws in that order; else a mistake.</summary>
    private static IReadOnlyList<(string Name, Tensor Value)> DrawnParameters(Probe probe, Evidence evidence, string prefix)
    {
        var weights = Weights(evidence, prefix);
        if (weights.Count == 0 || weights.Any(w => !Close(w.Value, probe.Weights(w.Value.shape), rtol: 0, atol: 0)))
            throw new Mistake("tampered", "the model's weights are not the ones the check set: the check's model was changed while it ran");
        return weights;
    }
}

/// <summary>A check that cannot run the student's code at all (no such method, a model without parameters): a plain error saying why.</summary>
public sealed class CannotCheckException(string message) : InvalidOperationException(message);
