using System.Diagnostics;

namespace Vae.Tests;

/// <summary>A program run to its end, as the tests run the command, Python, Jupyter and the system's tools.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The process's id while it ran (a program that execs another keeps it).</summary>
        public int ProcessId { get; init; }

        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    /// <summary>
    /// Runs a program with arguments in a folder, with extra environment variables, reading both outputs at once (so
    /// neither pipe fills and stalls it); kills it, and everything it started, after <paramref name="timeout"/>.
    /// </summary>
    public static Result Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {limit}");
        }
        return new Result(process.ExitCode, output.Result, error.Result) { ProcessId = process.Id };
    }
}
