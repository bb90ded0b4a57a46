using System.Diagnostics;

namespace Vae.Tests.Jupyter;

/// <summary>
/// Debian's Python and Jupyter (python3-nbformat, jupyter-nbconvert, jupyter-client; installed by setup.sh). Always
/// /usr/bin/python3: a python3 earlier on PATH (pyenv, a virtual environment) lacks Debian's packages.
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    /// <summary>Runs a program with arguments in a folder, with extra environment variables; kills it after <paramref name="timeout"/>.</summary>
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
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs a Python script (<c>python3 -c</c>) with arguments.</summary>
    public static Result Script(string script, params string[] arguments) => Run(Interpreter, ["-c", script, .. arguments]);

    /// <summary>nbformat's own validator over .ipynb files: "" when every one is valid, else what it says.</summary>
    public static string Validate(params string[] notebooks)
    {
        const string script = """
            import sys, nbformat
            for path in sys.argv[1:]:
                try:
                    nbformat.validate(nbformat.read(path, as_version=nbformat.NO_CONVERT))
                except Exception as e:
                    print(path + ": " + type(e).__name__ + ": " + str(e).splitlines()[0])
            """;
        var result = Script(script, notebooks);
        return result.ExitCode == 0 ? result.Output.Trim() : result.ToString();
    }
}
