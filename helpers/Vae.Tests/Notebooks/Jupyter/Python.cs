namespace Vae.Tests.Notebooks.Jupyter;

/// <summary>
/// Debian's Python and Jupyter (python3-nbformat, jupyter-nbconvert, jupyter-client; installed by setup.sh). Always
/// /usr/bin/python3: a python3 earlier on PATH (pyenv, a virtual environment) lacks Debian's packages.
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs a Python script (<c>python3 -c</c>) with arguments.</summary>
    public static ChildProcess.Result Script(string script, params string[] arguments) => ChildProcess.Run(Interpreter, ["-c", script, .. arguments]);

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
