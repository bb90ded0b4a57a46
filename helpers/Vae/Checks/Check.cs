using System.Reflection;
using System.Runtime.ExceptionServices;
using TorchSharp;
using Vae.Figures;
using Vae.Torch;
using static TorchSharp.torch;
using Vae.Core;
using Vae.Drawing;

namespace Vae.Checks;

/// <summary>
/// The student edition's checks, one per exercise. Each runs the student's code on fixed, seeded inputs whose right
/// answer is known (in closed form, or from the workbook's own reference) and answers in one line: ✓ with what it
/// checked, or ✗ naming the mistake with a hint, as the cell's error (so Run All stops there). The usual mistakes are
/// computed the same way, so a wrong answer that lands on one is called by its name. Each also leaves a
/// <see cref="CheckResult"/> in the cell's outputs for a teacher's tools, and puts the random generator back as it
/// found it: a check does not change what the notebook draws next.
/// </summary>
public static partial class Check
{
    static Check() => NotebookDisplay.Register<CheckResult>(
        // A check's line is plain text; a failed check's line is the cell's error instead, so its text here is empty.
        ("text/plain", (r, w) => w.Write(r.Passed ? r.ToString() : "")),
        (CheckResult.MimeType, (r, w) => w.Write(r.ToJson())));

    private static void Run(string name, Func<string> check)
    {
        CheckResult result;
        using var generator = torch.Generator.Default;
        using var state = generator.get_state();
        try
        {
            using var scope = NewDisposeScope();
            result = new CheckResult(name, true, check());
        }
        catch (Mistake mistake)
        {
            result = new CheckResult(name, false, mistake.Message);
        }
        catch (ExerciseNotDoneException notDone)
        {
            result = new CheckResult(name, false, notDone.Message);
        }
        catch (CannotCheckException cannot)
        {
            NotebookDisplay.Show(new CheckResult(name, false, cannot.Message));
            throw;
        }
        catch (Exception e)
        {
            result = new CheckResult(name, false, $"your code threw {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}");
        }
        finally
        {
            generator.set_state(state);
        }
        NotebookDisplay.Show(result);
        if (!result.Passed)
            throw new CheckFailedException(result);
    }

    /// <summary>A wrong answer, named: the check's message.</summary>
    private sealed class Mistake(string message) : Exception(message);

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
    private static string? Which(Tensor actual, params (string Mistake, Func<Tensor> Value)[] mistakes)
    {
        foreach (var (mistake, value) in mistakes)
        {
            using var scope = NewDisposeScope();
            if (Close(actual, value()))
                return mistake;
        }
        return null;
    }

    private static double Scalar(Tensor t) => t.detach().to(float64, CPU).item<double>();

    private static string Shape(Tensor t) => Tensors.Format(t.shape);

    private static Tensor Given(Tensor? value, string name, string where) =>
        value ?? throw new Mistake($"{name} is not set: {where}");

    private static void ExpectShape(Tensor t, string name, params long[] shape)
    {
        if (!t.shape.SequenceEqual(shape))
            throw new Mistake($"{name} should be {Tensors.Format(shape)}, got {Shape(t)}");
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

    /// <summary>μ and σ from what an encode returned: a (μ, σ) tuple, or the helper's <see cref="Models.Posterior"/>.</summary>
    private static (Tensor mu, Tensor sigma) Pair(object? value, string what) => value switch
    {
        ValueTuple<Tensor, Tensor> (var mu, var sigma) when mu is not null && sigma is not null => (mu, sigma),
        Models.Posterior q => (q.mu, q.sigma),
        _ => throw new Mistake($"{what} should return (μ, σ), two tensors; got {value?.GetType().Name ?? "null"}"),
    };

    private static Device DeviceOf(nn.Module model) =>
        model.parameters().FirstOrDefault()?.device ?? throw new CannotCheckException($"{model.GetType().Name} has no parameters: pass the VAE of Task 1");
}

/// <summary>A check that cannot run the student's code at all (no such method, a model without parameters): a plain error saying why.</summary>
public sealed class CannotCheckException(string message) : InvalidOperationException(message);
