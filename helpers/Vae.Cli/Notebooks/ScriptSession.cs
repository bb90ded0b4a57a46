using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;

namespace Vae.Cli.Notebooks;

/// <summary>
/// One notebook's C# kernel: each cell is a Roslyn script submission continuing the previous one, so variables,
/// types, <c>using</c> directives and <c>#r</c> references carry from cell to cell as in Polyglot Notebooks.
/// </summary>
internal sealed class ScriptSession(string notebookPath, NotebookGlobals globals, Action<string> warn)
{
    // The C# kernel's default usings in .NET Interactive.
    private static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    // One loader for the process: an assembly #r'd by several notebooks (or tests) is loaded once, not once per notebook.
    private static readonly InteractiveAssemblyLoader Loader = new();

    // The whole shared framework, as a project targeting it would see: cells may use System.Text.Json, Regex, etc.
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return [.. trusted
            .Where(p => Path.GetDirectoryName(p) == framework && p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    private readonly string folder = Path.GetDirectoryName(notebookPath)!;
    private ScriptState<object>? state;

    /// <summary>Compiles and runs one cell; returns the value of its trailing expression (null if none).</summary>
    /// <exception cref="CompilationErrorException">The cell does not compile.</exception>
    /// <remarks>Any exception the cell throws propagates unchanged.</remarks>
    public async Task<object?> RunAsync(string source, int cellNumber, CancellationToken cancellationToken)
    {
        var options = Options(cellNumber);
        var script = state is null
            ? CSharpScript.Create(source, options, typeof(NotebookGlobals), Loader)
            : state.Script.ContinueWith(source, options);

        var diagnostics = script.Compile(cancellationToken);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new CompilationErrorException("the cell does not compile", diagnostics);
        }

        state = state is null
            ? await script.RunAsync(globals, cancellationToken)
            : await script.RunFromAsync(state, cancellationToken);
        return state.ReturnValue;
    }

    private ScriptOptions Options(int cellNumber)
    {
        var scriptResolver = ScriptMetadataResolver.Default.WithBaseDirectory(folder);
        return ScriptOptions.Default
            // A file name per cell (in the notebook's folder, so relative #r/#load resolve there): stack traces
            // then read "01-implementation.dib, cell 4:line 2".
            .WithFilePath(Path.Combine(folder, $"{Path.GetFileName(notebookPath)}, cell {cellNumber}"))
            .WithFileEncoding(Encoding.UTF8)
            .WithEmitDebugInformation(true)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(FrameworkReferences.Value)
            .WithImports(DefaultImports)
            .WithMetadataResolver(new LoadedAssemblyResolver(scriptResolver, warn))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(folder));
    }
}
