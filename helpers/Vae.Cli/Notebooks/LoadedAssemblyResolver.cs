using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Vae.Cli.Notebooks;

/// <summary>
/// Resolves <c>#r</c> like Roslyn's script resolver, then points a reference at the copy of the same assembly that
/// the runner's own load context already owns (or would load), when there is one.
/// </summary>
/// <remarks>
/// Why: notebooks reference <c>../artifacts/bin/Vae/release/Vae.dll</c>, while the runner has its own copy of Vae.dll
/// (and Vae.Torch.dll) beside it. A submission is loaded by Roslyn's InteractiveAssemblyLoader into a context whose
/// Load returns null, so the runtime first asks the default context, which binds "Vae" to the runner's copy by name;
/// only names the default context cannot load fall back to the #r path. Compiling against one file while running
/// against another would break as soon as the two builds differ (MissingMethodException), and loading both would
/// give two incompatible types named Vae.Figure. So compile against exactly the assembly that will run, and say so
/// when the notebook's file is a different build.
/// </remarks>
internal sealed class LoadedAssemblyResolver(MetadataReferenceResolver inner, Action<string> warn) : MetadataReferenceResolver
{
    private readonly MetadataReferenceResolver inner = inner;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(
        string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        inner.ResolveReference(reference, baseFilePath, properties).Select(r => Redirect(r, reference)).ToImmutableArray();

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        inner.ResolveMissingAssembly(definition, referenceIdentity) is { } resolved ? Redirect(resolved, referenceIdentity.Name) : null;

    public override bool Equals(object? other) => other is LoadedAssemblyResolver r && r.inner.Equals(inner);

    public override int GetHashCode() => inner.GetHashCode();

    private PortableExecutableReference Redirect(PortableExecutableReference resolved, string reference)
    {
        if (resolved.FilePath is not { } path || ReadName(path) is not { } name || LoadedCopy(name) is not { } loaded)
        {
            return resolved;
        }
        if (string.Equals(Path.GetFullPath(loaded.Location), Path.GetFullPath(path), StringComparison.Ordinal))
        {
            return resolved;
        }
        if (ReadMvid(path) != loaded.ManifestModule.ModuleVersionId)
        {
            warn($"#r \"{reference}\": {name.Name} is already loaded by the runner from {loaded.Location}, a different " +
                 $"build than {path}; the notebook uses the loaded one. Rebuild (./setup.sh) to make them the same.");
        }
        return MetadataReference.CreateFromFile(loaded.Location, resolved.Properties);
    }

    /// <summary>The assembly the default context binds this name to: already loaded, or loadable from the app's deps.</summary>
    private static Assembly? LoadedCopy(AssemblyName name)
    {
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a =>
            !a.IsDynamic && AssemblyName.ReferenceMatchesDefinition(name, a.GetName()));
        if (loaded is null)
        {
            try
            {
                // Exactly what the runtime will do when a submission needs this name.
                loaded = AssemblyLoadContext.Default.LoadFromAssemblyName(name);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                return null;
            }
        }
        return string.IsNullOrEmpty(loaded.Location) ? null : loaded;
    }

    private static AssemblyName? ReadName(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileNotFoundException or FileLoadException)
        {
            return null;
        }
    }

    private static Guid ReadMvid(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }
}
