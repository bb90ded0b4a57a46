using Vae.Notebooks.Kernel;
namespace Vae.Notebooks.Running;

/// <summary>Turns the kernel's CommandFailed for a cell into what a student needs to see under the cell.</summary>
internal static class ErrorFormatter
{
    /// <param name="message">The CommandFailed message: the compiler's lines, or the exception as .NET prints it.</param>
    /// <param name="errors">The error diagnostics the kernel reported for the cell (compile errors).</param>
    public static CellError FromFailure(string? message, IReadOnlyList<KernelDiagnostic> errors)
    {
        message = (message ?? "").Replace("\r\n", "\n").Trim();
        if (errors.Count > 0)
            return FromCompilation(errors);
        var lines = message.Split('\n');
        var first = lines[0];
        // "System.InvalidOperationException: boom" → the type as the title, the rest as the message.
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        var type = colon > 0 ? first[..colon] : "";
        if (type.Length > 0 && type.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '`') && type.Contains('.'))
        {
            var details = string.Join('\n', UsefulStack(lines.Skip(1)));
            return new CellError(CellErrorKind.Exception, type, first[(colon + 2)..], details);
        }
        return new CellError(CellErrorKind.Exception, "failed", first, string.Join('\n', lines.Skip(1)));
    }

    private static CellError FromCompilation(IReadOnlyList<KernelDiagnostic> errors)
    {
        // Lines count from the top of the cell, as the editor shows them.
        var lines = errors.Select(d => $"(line {d.Line + 1}, column {d.Character + 1}) {d.Code}: {d.Message}").ToList();
        if (errors.Any(d => d.Code == "CS0006"))
        {
            // A #r to a file that is not there: nearly always the helper assembly, not built yet.
            lines.Add("(a #r path is resolved from the notebook's folder; build the helper assemblies with ./setup.sh)");
        }
        var title = errors.Count == 1 ? "compile error" : $"{errors.Count} compile errors";
        return new CellError(CellErrorKind.CompileError, title, lines[0], string.Join('\n', lines)) { Diagnostics = errors };
    }

    /// <summary>The frames of the cell's own code and what it called, not the kernel's script machinery below it.</summary>
    private static IEnumerable<string> UsefulStack(IEnumerable<string> lines) =>
        lines.Where(l =>
            !l.Contains("--- End of stack trace", StringComparison.Ordinal) &&
            !l.Contains(" System.Runtime.CompilerServices.", StringComparison.Ordinal) &&
            !l.Contains(" System.Runtime.ExceptionServices.", StringComparison.Ordinal) &&
            !l.Contains(" Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal) &&
            !l.Contains(" Microsoft.DotNet.Interactive.", StringComparison.Ordinal));
}
