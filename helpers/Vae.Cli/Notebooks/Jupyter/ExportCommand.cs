using System.CommandLine;

namespace Vae.Cli.Notebooks;

/// <summary><c>vae notebooks export [notebook.dib ...] [--check]</c>: writes (or checks) the .ipynb twin beside each .dib and its student edition.</summary>
public static class ExportCommand
{
    private const string Name = "vae notebooks export";

    public static Command Create()
    {
        var notebooks = new Argument<FileInfo[]>("notebooks")
        {
            Description = "The .dib notebooks whose twins to write (default: every .dib in the repository's notebooks/ folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing; fail (exit code 1) if a twin is missing or differs from what its .dib gives.",
        };
        var export = new Command("export", "Write each .dib notebook's Jupyter twin (.ipynb, no outputs) beside it, and its student edition (.dib and .ipynb) in student/.") { notebooks, check };
        export.SetAction(parseResult => Run(
            parseResult.GetValue(notebooks) ?? [], parseResult.GetValue(check),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return export;
    }

    /// <summary>
    /// The command's work, callable without parsing; returns the exit code (2 for a usage problem, 1 for a failure, each
    /// one line on <paramref name="error"/>, as <see cref="Cli.Guard(string, TextWriter, Func{int})"/> writes it).
    /// </summary>
    public static int Run(IReadOnlyList<FileInfo> notebooks, bool check, TextWriter output, TextWriter error) => Cli.Guard(Name, error, () =>
    {
        IReadOnlyList<string> paths = notebooks.Count > 0 ? [.. notebooks.Select(n => n.FullName)] : TwinExport.WorkbookNotebooks();
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            throw new ArgumentException($"notebook not found: {missing}");
        if (paths.FirstOrDefault(p => !string.Equals(Path.GetExtension(p), DibReader.Extension, StringComparison.OrdinalIgnoreCase)) is { } other)
            throw new ArgumentException($"{other} is not a .dib notebook: export writes the .ipynb twin of a .dib, the one source");
        if (paths.FirstOrDefault(StudentEdition.IsStudentEdition) is { } student)
            throw new ArgumentException($"{student} is a student edition, generated from its teacher's notebook: export that one (../{Path.GetFileName(student)})");

        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                foreach (var (file, state) in TwinExport.Export(path, check))
                {
                    output.WriteLine($"{file}: {state switch { TwinState.Written => "written", TwinState.OutOfDate => "out of date", _ => "up to date" }}");
                    if (state == TwinState.OutOfDate)
                    {
                        error.WriteLine($"{Name}: {file} does not match {Path.GetFileName(path)}: run ./vae notebooks export");
                        failed++;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // One broken notebook does not keep the others' twins from being written.
                error.WriteLine($"{Name}: {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : Cli.Failure;
    });
}
