using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Vae.Cli.Notebooks;

/// <summary>Turns a compile error or an exception from a cell into what a student needs to see under the cell.</summary>
internal static class ErrorFormatter
{
    public static CellError FromCompilation(CompilationErrorException error)
    {
        var errors = error.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var lines = errors.Select(d =>
        {
            // Lines count from the top of the cell, as the editor shows them.
            var start = d.Location.GetLineSpan().StartLinePosition;
            var where = d.Location.IsInSource ? $"(line {start.Line + 1}, column {start.Character + 1}) " : "";
            return $"{where}{d.Id}: {d.GetMessage()}";
        }).ToList();
        if (errors.Any(d => d.Id == "CS0006"))
        {
            // A #r to a file that is not there: nearly always the helper assembly, not built yet.
            lines.Add("(a #r path is resolved from the notebook's folder; build the helper assemblies with ./setup.sh)");
        }
        var title = errors.Count == 1 ? "compile error" : $"{errors.Count} compile errors";
        return new CellError(title, lines.FirstOrDefault() ?? error.Message, string.Join('\n', lines));
    }

    /// <param name="folder">The notebook's folder, cut from file names in the stack so that they read "nb.dib, cell 3:line 2".</param>
    public static CellError FromException(Exception exception, string folder)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e == exception ? e.Message : $"---> {e.GetType().FullName}: {e.Message}");
        }
        var stack = UsefulStack(exception.StackTrace ?? "")
            .Select(l => l.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
        var details = string.Join('\n', messages.Skip(1).Concat(stack));
        return new CellError(exception.GetType().FullName ?? exception.GetType().Name, messages[0], details);
    }

    /// <summary>
    /// The frames down to the cell's own code: what the cell called (helper library, libtorch binding) and the
    /// submission itself; not Roslyn's script machinery or the async plumbing below it.
    /// </summary>
    private static IEnumerable<string> UsefulStack(string stackTrace)
    {
        var frames = stackTrace.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var lastSubmission = frames.FindLastIndex(l => l.Contains("Submission#", StringComparison.Ordinal));
        if (lastSubmission >= 0)
        {
            frames = frames.GetRange(0, lastSubmission + 1);
        }
        return frames.Where(l =>
            !l.Contains("--- End of stack trace", StringComparison.Ordinal) &&
            !l.Contains(" System.Runtime.CompilerServices.", StringComparison.Ordinal) &&
            !l.Contains(" System.Runtime.ExceptionServices.", StringComparison.Ordinal) &&
            !l.Contains(" Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal));
    }
}
