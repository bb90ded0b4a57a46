using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.Cli.Commands;
using Vae.Notebooks.Grading;
using Vae.Data;
using Vae.Torch;
using Vae.Training;

namespace Vae.Cli;

/// <summary>Runs the command tree with the project's error conventions: one clear line, no stack trace, non-zero exit.</summary>
public static class Cli
{
    public const int UsageError = 2;
    public const int Failure = 1;

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A parse error (an unknown option, a value of the wrong type or one an option's
    /// validator refuses) is one line per error and a pointer to the help, exit code 2, before any action runs.
    /// <paramref name="output"/> and <paramref name="error"/> (default: the console) are the writers the actions are given.
    /// </summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output ?? Console.Out, Error = error ?? Console.Error };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = string.Join(" ", parsed.CommandResult.Command is RootCommand ? ["vae"] : CommandPath(parsed.CommandResult));
            foreach (var e in parsed.Errors) configuration.Error.WriteLine($"{command}: {e.Message}");
            configuration.Error.WriteLine($"See '{command} --help'.");
            return UsageError;
        }
        return await parsed.InvokeAsync(configuration);
    }

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
            names.Push(c.Command is RootCommand ? "vae" : c.Command.Name);
        return names;
    }

    /// <summary>
    /// Runs a command body, turning the errors a user can fix (bad values, missing or corrupt files, a missing device,
    /// divergence) into one line on stderr, <c>{command}: {message}</c>: exit code 2 for an <see cref="ArgumentException"/>
    /// (a usage problem), 1 for the others (a failure). VAE_DEBUG=1 shows stack traces instead.
    /// </summary>
    public static int Guard(string command, Func<int> body) => Guard(command, Console.Error, body);

    /// <summary><see cref="Guard(string, Func{int})"/>, the line going to <paramref name="error"/>.</summary>
    public static int Guard(string command, TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            return Report(command, error, e);
        }
    }

    /// <summary><see cref="Guard(string, TextWriter, Func{int})"/> for an asynchronous body.</summary>
    public static async Task<int> GuardAsync(string command, TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            return Report(command, error, e);
        }
    }

    private static int Report(string command, TextWriter error, Exception e)
    {
        error.WriteLine(e switch
        {
            // The library names the configuration property; a user typed its flag.
            ConfigurationException c => $"{command}: {Options.Flag(c.Property)} {c.Problem}.",
            DeviceNotAvailableException => $"{command}: {e.Message} The build switch: VAE_TORCH=cuda ./setup.sh.",
            _ => $"{command}: {e.Message}",
        });
        return e is ArgumentException ? UsageError : Failure;
    }

    private static bool IsUserFacing(Exception e) => !CliEnvironment.Debug
        && e is ArgumentException or DataFileException or TorchLoadException or CheckpointException or DeviceNotAvailableException
            or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or TrainingDivergedException
            or OperationCanceledException or DllNotFoundException or IOException or UnauthorizedAccessException or SandboxUnavailableException;
}
