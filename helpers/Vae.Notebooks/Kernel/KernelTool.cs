using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Vae.Notebooks.Kernel;

/// <summary>
/// The pinned .NET Interactive tool (Microsoft.dotnet-interactive, in the repository's .config/dotnet-tools.json,
/// restored by ./setup.sh) and how to start it: <c>dotnet tool run dotnet-interactive -- stdio --working-dir &lt;folder&gt;</c>,
/// the same tool and mode that the Polyglot Notebooks extension starts for VS Code.
/// </summary>
public static class KernelTool
{
    public const string PackageId = "microsoft.dotnet-interactive";
    public const string CommandName = "dotnet-interactive";

    /// <summary>The repository root: the folder whose .config/dotnet-tools.json pins the tool (dotnet tool run finds it from there).</summary>
    /// <exception cref="FileNotFoundException">No manifest above the build output.</exception>
    public static string ManifestRoot => Path.GetDirectoryName(Path.GetDirectoryName(Manifest))!;

    /// <exception cref="FileNotFoundException">No manifest above the build output.</exception>
    private static string Manifest => File.Exists(WorkbookLayout.Current.ToolManifest) ? WorkbookLayout.Current.ToolManifest
        : throw new FileNotFoundException(
            $"{WorkbookLayout.Current.ToolManifest} (the pinned .NET Interactive kernel) not found; run the CLI from its build output in the repository");

    /// <summary>The version the manifest pins, e.g. "1.0.712001".</summary>
    public static string PinnedVersion
    {
        get
        {
            var path = Manifest;
            using var manifest = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var tool in manifest.RootElement.GetProperty("tools").EnumerateObject())
                if (string.Equals(tool.Name, PackageId, StringComparison.OrdinalIgnoreCase))
                    return tool.Value.GetProperty("version").GetString() ?? "";
            throw new InvalidDataException($"{path} does not pin {PackageId}");
        }
    }

    /// <summary>The arguments of <c>dotnet</c> that run the pinned tool with <paramref name="toolArguments"/>.</summary>
    public static string[] Arguments(params string[] toolArguments) => ["tool", "run", CommandName, "--", .. toolArguments];

    /// <summary>
    /// Every start of the tool sets these: without the opt-outs its first run asks for telemetry consent and prints a
    /// banner on stdout before the JSON, and a classroom kernel does not phone home.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> QuietVariables = new Dictionary<string, string>
    {
        ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>True when the pinned tool runs (`dotnet tool restore` has restored it): asked of the tool itself.</summary>
    public static bool IsRestored()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = ManifestRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Arguments("--version"))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in QuietVariables)
            start.Environment[name] = value;
        try
        {
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(60_000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The kernel process for a notebook in <paramref name="workingDirectory"/>, with <paramref name="environment"/> added.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // dotnet tool run looks for the manifest from the current directory up.
            WorkingDirectory = ManifestRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in Arguments("stdio", "--working-dir", workingDirectory))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in QuietVariables)
            start.Environment[name] = value;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        return start;
    }
}
