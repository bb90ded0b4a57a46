using System.CommandLine;
using Vae.Cli.Commands;

namespace Vae.Tests.Notebooks.Report;

/// <summary>
/// Disk and permission faults on the report (issue 18): a full disk, a read-only folder, a path that cannot be a
/// folder. Each ends in one clear line and exit code 1, and no page that was whole is left half-written.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class ReportFaultTests : IDisposable
{
    private readonly TempNotebooks notebooks = new();

    public void Dispose() => notebooks.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> Run(string notebook, string outDir)
    {
        var root = new RootCommand { NotebooksCommand.Create() };
        var (output, error) = (new StringWriter(), new StringWriter());
        var exitCode = await root.Parse(["notebooks", "run", notebook, "--out", outDir])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Every file of the report, by path relative to it, with its bytes.</summary>
    private static Dictionary<string, byte[]> Snapshot(string outDir) =>
        Directory.GetFiles(outDir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("filler-", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(outDir, f), File.ReadAllBytes);

    private static void AssertOneLine(string error, params string[] expected)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vae notebooks run: ", line);
        foreach (var part in expected) Assert.Contains(part, line);
    }

    [TmpfsFact]
    public async Task AFullDisk_IsOneLine_AndEveryPageStaysWhole()
    {
        using var disk = Tmpfs.Mount(32);
        var outDir = Path.Combine(disk.Folder, "report");
        var notebook = notebooks.Write("lesson.dib", "md:# Lesson", "\"first run\"");
        Assert.Equal(0, (await Run(notebook, outDir)).ExitCode);
        var before = Snapshot(outDir);
        Assert.Contains("first run", File.ReadAllText(Path.Combine(outDir, "lesson.html")));

        // Room for the up-front check but not for the page, which now prints 256 KB: the notebook runs, the report cannot
        // be written, and what was there stays as it was.
        notebooks.Write("lesson.dib", "md:# Lesson", "Console.Write(new string('x', 256 * 1024));\n\"second run\"");
        disk.Fill(leaveBytes: 64 * 1024);
        var (exitCode, output, error) = await Run(notebook, outDir);

        Assert.Equal(1, exitCode);
        AssertOneLine(error, "could not write ", "No space left on device", "Pages written before are whole");
        Assert.Contains("lesson.dib: cell 2/2 ok", output);
        Assert.Equal(before, Snapshot(outDir));   // no page changed, none half-written, no temporary file left

        // No room at all: refused before any kernel starts.
        disk.Fill(leaveBytes: 0);
        (exitCode, output, error) = await Run(notebook, outDir);
        Assert.Equal(1, exitCode);
        AssertOneLine(error, outDir, "No space left on device");
        Assert.DoesNotContain("cell", output);
        Assert.Equal(before, Snapshot(outDir));
    }

    [TmpfsFact]
    public async Task AReadOnlyFolder_IsOneLine_BeforeAnythingRuns()
    {
        using var disk = Tmpfs.Mount(32);
        var outDir = Path.Combine(disk.Folder, "report");
        var notebook = notebooks.Write("lesson.dib", "\"first run\"");
        Assert.Equal(0, (await Run(notebook, outDir)).ExitCode);
        var before = Snapshot(outDir);
        disk.MakeReadOnly();

        var (exitCode, output, error) = await Run(notebook, outDir);

        Assert.Equal(1, exitCode);
        AssertOneLine(error, outDir, "Read-only file system", "choose a folder you can write to");
        Assert.DoesNotContain("cell", output);
        Assert.Equal(before, Snapshot(outDir));
        // A new folder on the read-only disk: the same.
        (exitCode, _, error) = await Run(notebook, Path.Combine(disk.Folder, "elsewhere"));
        Assert.Equal(1, exitCode);
        AssertOneLine(error, "Read-only file system");
    }

    /// <summary>Faults that need no mount: a file where a folder must be, and a folder the kernel does not let root create.</summary>
    [Theory]
    [InlineData("under-a-file", "/a-file/report cannot be written (a folder on the way is missing, is a file")]
    [InlineData("proc", "/proc/vae-report cannot be written (a folder on the way is missing, is a file")]
    public async Task AnOutFolderThatCannotExist_IsOneLine_BeforeAnythingRuns(string where, string expected)
    {
        var notebook = notebooks.Write("lesson.dib", "1");
        var outDir = where == "proc" ? "/proc/vae-report" : Path.Combine(notebooks.WriteText("a-file", "x"), "report");

        var (exitCode, output, error) = await Run(notebook, outDir);

        Assert.Equal(1, exitCode);
        AssertOneLine(error, expected, "choose a folder you can write to");
        Assert.DoesNotContain("cell", output);
    }
}
