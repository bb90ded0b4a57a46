using System.CommandLine;
using Vae.Notebooks;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae notebooks generate [notebook.dib ...] [--check]</c>: writes (or checks) what each teacher .dib generates: its .ipynb
/// twin beside it and its student edition (.dib and .ipynb, and its exercises' hints) in student/, as nbgrader's
/// generate_assignment does.
/// </summary>
public static class GenerateCommand
{
    private const string Name = "vae notebooks generate";

    public static Command Create()
    {
        var notebooks = new Argument<FileInfo[]>("notebooks")
        {
            Description = "The teacher's .dib notebooks to generate from (default: every .dib in the repository's notebooks/ folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing; fail (exit code 1) if a generated file is missing or differs from what its .dib gives.",
        };
        var generate = new Command("generate",
            "Generate from each teacher .dib its Jupyter twin (.ipynb, no outputs) beside it and its student edition (.dib, .ipynb and the exercises' .hints.json) in student/.")
        {
            notebooks, check,
        };
        generate.Aliases.Add("export");   // its name before it also wrote the student edition
        generate.SetAction(parsed => Run(parsed.GetValue(notebooks) ?? [], parsed.GetValue(check),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return generate;
    }

    /// <summary>
    /// The command's work, callable without parsing; returns the exit code (2 for a usage problem, 1 for a failure, each
    /// one line on <paramref name="error"/>, as <see cref="Cli.Guard(string, TextWriter, Func{int})"/> writes it).
    /// </summary>
    public static int Run(IReadOnlyList<FileInfo> notebooks, bool check, TextWriter output, TextWriter error) => Cli.Guard(Name, error, () =>
    {
        IReadOnlyList<string> paths = notebooks.Count > 0 ? [.. notebooks.Select(n => n.FullName)] : WorkbookLayout.Current.TeacherNotebooks();
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            throw new ArgumentException($"notebook not found: {missing}");
        if (paths.FirstOrDefault(p => !string.Equals(Path.GetExtension(p), DibFormat.Extension, StringComparison.OrdinalIgnoreCase)) is { } other)
            throw new ArgumentException($"{other} is not a .dib notebook: the .dib is the one source the twin and the student edition are generated from");
        if (paths.FirstOrDefault(StudentEdition.IsStudentEdition) is { } student)
            throw new ArgumentException($"{student} is a student edition, generated from its teacher's notebook: generate from that one (../{Path.GetFileName(student)})");

        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                foreach (var (file, state) in GeneratedNotebooks.Generate(path, check))
                {
                    output.WriteLine($"{file}: {state switch { GeneratedState.Written => "written", GeneratedState.OutOfDate => "out of date", _ => "up to date" }}");
                    if (state == GeneratedState.OutOfDate)
                    {
                        error.WriteLine($"{Name}: {file} does not match {Path.GetFileName(path)}: run ./vae notebooks generate");
                        failed++;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // One broken notebook does not keep the others' files from being written.
                error.WriteLine($"{Name}: {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : Cli.Failure;
    });
}
