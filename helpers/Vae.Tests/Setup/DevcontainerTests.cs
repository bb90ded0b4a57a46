using System.Text.Json;
using System.Text.RegularExpressions;
using Vae.Core;

namespace Vae.Tests.Setup;

/// <summary>
/// The development containers must be set up the way CI is (by ./setup.sh), with the SDK that
/// global.json pins, and able to seal a submission off (bubblewrap's user namespaces) without privilege. No docker engine runs where the tests run, so these read the files instead of
/// building the image; they catch the ways a container drifts away from CI.
/// </summary>
public class DevcontainerTests
{
    private const string CpuConfig = ".devcontainer/devcontainer.json";
    private const string GpuConfig = ".devcontainer/gpu/devcontainer.json";

    private static readonly JsonDocumentOptions JsonWithComments = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static TheoryData<string> Configs => new() { CpuConfig, GpuConfig };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConfigRunsTheSetupScript(string config)
    {
        using var json = ReadConfig(config);
        var dockerfile = File.ReadAllText(DockerfileOf(config, json.RootElement));
        var atCreate = json.RootElement.TryGetProperty("postCreateCommand", out var command)
                       && CommandText(command).Contains("./setup.sh", StringComparison.Ordinal);
        var atBuild = Regex.IsMatch(dockerfile, @"^\s*RUN\b.*\./setup\.sh\b", RegexOptions.Multiline);
        Assert.True(atCreate || atBuild,
            $"{config} neither runs ./setup.sh as its postCreateCommand nor does its Dockerfile RUN ./setup.sh: " +
            "the container would be set up differently from CI");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ImageInstallsTheSdkThatGlobalJsonPins(string config)
    {
        using var json = ReadConfig(config);
        var dockerfile = DockerfileOf(config, json.RootElement);
        Assert.Empty(SdkPinProblems(File.ReadAllText(dockerfile), PinnedSdk(), ContextIsRepoRoot(config, json.RootElement)));
    }

    // The check above must be able to fail: each of these Dockerfiles drifts from a pin of 10.0.401.
    [Theory]
    [InlineData("RUN ./dotnet-install.sh --version 10.0.100", true)]                       // another version
    [InlineData("RUN ./dotnet-install.sh --channel 10.0", true)]                            // no pin at all
    [InlineData("RUN ./dotnet-install.sh --jsonfile /tmp/global.json", true)]               // global.json never copied
    [InlineData("COPY other.json /tmp/global.json\nRUN ./dotnet-install.sh --jsonfile /tmp/global.json", true)]
    [InlineData("COPY global.json /tmp/global.json\nRUN ./dotnet-install.sh --jsonfile /tmp/global.json", false)] // context not the root
    [InlineData("RUN apt-get install -y dotnet-sdk-10.0", true)]
    public void SdkPinCheckCatchesDrift(string dockerfile, bool contextIsRoot)
    {
        Assert.NotEmpty(SdkPinProblems(dockerfile, "10.0.401", contextIsRoot));
    }

    [Theory]
    [InlineData("COPY global.json /tmp/pin/global.json\nRUN bash dotnet-install.sh --jsonfile /tmp/pin/global.json")]
    [InlineData("COPY global.json /tmp/pin/\nRUN bash dotnet-install.sh --jsonfile /tmp/pin/global.json --install-dir /x")]
    [InlineData("RUN bash dotnet-install.sh --version 10.0.401")]
    public void SdkPinCheckAcceptsThePin(string dockerfile)
    {
        Assert.Empty(SdkPinProblems(dockerfile, "10.0.401", contextIsRoot: true));
    }

    [Fact]
    public void BothConfigsShareOneDebian12Image()
    {
        using var cpu = ReadConfig(CpuConfig);
        using var gpu = ReadConfig(GpuConfig);
        var dockerfile = DockerfileOf(CpuConfig, cpu.RootElement);
        Assert.Equal(dockerfile, DockerfileOf(GpuConfig, gpu.RootElement));
        var from = File.ReadLines(dockerfile).Select(l => l.Trim()).First(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.Equal("FROM debian:bookworm", from);
        Assert.Equal(["--gpus", "all"], RunArgs(gpu.RootElement).Take(2));
        Assert.DoesNotContain("--gpus", RunArgs(cpu.RootElement));
    }

    // What bubblewrap needs of Docker to seal a submission off (see .devcontainer/README.md), and what it must never get.
    private static readonly string[] SandboxOptions = ["seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined"];

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConfigLetsBubblewrapSealSubmissions_WithoutPrivilege(string config)
    {
        using var json = ReadConfig(config);
        var args = RunArgs(json.RootElement);
        var securityOptions = args.Zip(args.Skip(1)).Where(p => p.First == "--security-opt").Select(p => p.Second).ToList();
        Assert.Equal(SandboxOptions, securityOptions);
        Assert.DoesNotContain(args, a => a is "--privileged" || a.StartsWith("--cap-add", StringComparison.Ordinal) || a.StartsWith("--pid", StringComparison.Ordinal));
    }

    private static List<string> RunArgs(JsonElement root) =>
        root.TryGetProperty("runArgs", out var args) ? [.. args.EnumerateArray().Select(a => a.GetString()!)] : [];

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConfigAddsTheCSharpAndNotebookExtensions(string config)
    {
        using var json = ReadConfig(config);
        var extensions = json.RootElement.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ms-dotnettools.csharp", extensions);
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", extensions);
    }

    /// <summary>
    /// What keeps a Dockerfile from installing the pinned SDK: a version that differs from the pin,
    /// or an install by --jsonfile from a file that is not the repository's global.json. Empty
    /// when the image gets exactly the pinned SDK.
    /// </summary>
    private static List<string> SdkPinProblems(string dockerfile, string pinned, bool contextIsRoot)
    {
        var problems = new List<string>();
        var named = Regex.Matches(dockerfile, @"(?:--version|-Version|DOTNET_SDK_VERSION=)\s*""?([0-9][0-9A-Za-z.\-]*)")
            .Select(m => m.Groups[1].Value).ToList();
        problems.AddRange(named.Where(v => v != pinned).Select(v => $"installs SDK {v} but global.json pins {pinned}"));

        var jsonfile = Regex.Match(dockerfile, @"dotnet-install\.sh\b.*--jsonfile\s+""?([^\s""]+)");
        if (!jsonfile.Success)
        {
            if (named.Count == 0) problems.Add($"installs the .NET SDK neither by --jsonfile global.json nor as version {pinned}");
            return problems;
        }

        // --jsonfile reads a file inside the image, which has to be the repository's global.json:
        // COPY'd (under that name) from a build context that is the repository root.
        var installedFrom = jsonfile.Groups[1].Value;
        var copied = Regex.Matches(dockerfile, @"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$", RegexOptions.Multiline)
            .Any(m => m.Groups[1].Value == "global.json" &&
                      (m.Groups[2].Value == installedFrom || m.Groups[2].Value.TrimEnd('/') + "/global.json" == installedFrom));
        if (!copied) problems.Add($"--jsonfile {installedFrom} is not a COPY of the repository's global.json");
        if (!contextIsRoot) problems.Add("the build context is not the repository root, so COPY global.json is not the repository's file");
        return problems;
    }

    // ---- reading the repository ----

    private static JsonDocument ReadConfig(string config) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, config)), JsonWithComments);

    private static string PinnedSdk()
    {
        using var global = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "global.json")), JsonWithComments);
        return global.RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
    }

    // Paths in devcontainer.json's "build" are relative to the folder that holds devcontainer.json.
    private static string FromConfig(string config, string relative) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(Repository.Root, config))!, relative)));

    private static string DockerfileOf(string config, JsonElement root)
    {
        var build = root.GetProperty("build");
        var path = FromConfig(config, build.TryGetProperty("dockerfile", out var d) ? d.GetString()! : "Dockerfile");
        Assert.True(File.Exists(path), $"{config} names a Dockerfile that does not exist: {Path.GetRelativePath(Repository.Root, path)}");
        return path;
    }

    private static bool ContextIsRepoRoot(string config, JsonElement root)
    {
        var build = root.GetProperty("build");
        var context = FromConfig(config, build.TryGetProperty("context", out var c) ? c.GetString()! : ".");
        if (context != Path.TrimEndingDirectorySeparator(Repository.Root)) return false;
        // A .dockerignore that leaves global.json out of the context breaks the COPY as surely.
        var ignore = Path.Combine(Repository.Root, ".dockerignore");
        if (!File.Exists(ignore)) return true;
        var lines = File.ReadAllLines(ignore).Select(l => l.Trim()).ToList();
        return !(lines.Contains("*") || lines.Contains("global.json")) || lines.Contains("!global.json");
    }

    // A lifecycle command is a string, an array (one command and its arguments) or an object
    // (named commands run in parallel).
    private static string CommandText(JsonElement command) => command.ValueKind switch
    {
        JsonValueKind.String => command.GetString()!,
        JsonValueKind.Array => string.Join(' ', command.EnumerateArray().Select(e => e.GetString())),
        JsonValueKind.Object => string.Join('\n', command.EnumerateObject().Select(p => CommandText(p.Value))),
        _ => "",
    };
}
