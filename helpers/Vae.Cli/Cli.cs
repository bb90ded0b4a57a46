using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.Cli.Commands;
using Vae.Data;
using Vae.Torch;
using Vae.Training;

namespace Vae.Cli;

/// <summary>Runs the command tree with the project's error conventions: one clear line, no stack trace, non-zero exit.</summary>
public static class Cli
{
    public const int UsageError = 2;
    public const int Failure = 1;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = string.Join(" ", parsed.CommandResult.Command is RootCommand ? ["vae"] : CommandPath(parsed.CommandResult));
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"{command}: {error.Message}");
            Console.Error.WriteLine($"See '{command} --help'.");
            return UsageError;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
            names.Push(c.Command is RootCommand ? "vae" : c.Command.Name);
        return names;
    }

    /// <summary>
    /// Runs a command body, turning the errors a user can fix (bad values, missing or corrupt
    /// files, a missing device, divergence) into one line on stderr. VAE_DEBUG=1 shows stack traces instead.
    /// </summary>
    public static int Guard(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ConfigurationException e) when (!CliEnvironment.Debug)
        {
            // The library names the configuration property; a user typed its flag.
            Console.Error.WriteLine($"{command}: {Options.Flag(e.Property)} {e.Problem}.");
            return UsageError;
        }
        catch (Exception e) when (!CliEnvironment.Debug && IsUserFacing(e))
        {
            Console.Error.WriteLine($"{command}: {e.Message}" + (e is DeviceNotAvailableException ? " The build switch: VAE_TORCH=cuda ./setup.sh." : ""));
            return e is ArgumentException ? UsageError : Failure;
        }
    }

    private static bool IsUserFacing(Exception e) => e is ArgumentException or DataFileException or TorchLoadException or CheckpointException or DeviceNotAvailableException
        or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or TrainingDivergedException
        or OperationCanceledException or DllNotFoundException or IOException or UnauthorizedAccessException;
}
