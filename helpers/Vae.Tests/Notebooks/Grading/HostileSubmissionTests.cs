using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vae.Core;

using static Vae.Tests.Notebooks.Grading.ElboExercise;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// One real `vae notebooks grade` of a small class, in bubblewrap and the real kernel, with small limits: a good notebook, one
/// that tampers with its check, an endless loop, a memory hog, a fork bomb, one that fills its disk, one that attacks the
/// workbook, the other submissions, the network and the process table, and files that are no notebook. Every row must be
/// there, saying what happened. Graded as a teacher grades, by an ordinary user, and (where the tests run as root) by root.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class HostileSubmissionTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly string[] WorkbookFiles =
        [Path.Combine("artifacts", "bin", "Vae", "release", "Vae.dll"), Path.Combine("data", "package.json"), Path.Combine(".config", "dotnet-tools.json")];

    private const int DiskMegabytes = 64;

    [OrdinaryUserSealedFact]
    public void AsAnOrdinaryUser_EveryRowIsThereAndSaysWhatHappened() => GradeTheClass(ordinaryUser: true);

    [RootSealedFact]
    public void AsRoot_EveryRowIsThereAndSaysWhatHappened() => GradeTheClass(ordinaryUser: false);

    private void GradeTheClass(bool ordinaryUser)
    {
        var root = Repository.Root;
        var teacher = folder.Write("teacher/01-elbo.dib", "md:# The ELBO", SetupCell, Exercise(Right), CheckCell);
        var good = folder.Write("class/good.dib", "md:# The ELBO", SetupCell, Exercise(Right), CheckCell);
        var tampered = WriteTampered();
        var loop = folder.Write("class/loop.dib", SetupCell, Hostile("while (true) { }"), CheckCell);
        var hog = folder.Write("class/hog.dib", SetupCell, Hostile(
            "var hog = new List<byte[]>();\nfor (var i = 0; i < 120; i++)   // 30 GB, every page touched\n{\n" +
            "    var block = GC.AllocateUninitializedArray<byte>(256 << 20);\n    for (var j = 0; j < block.Length; j += 4096) block[j] = 1;\n    hog.Add(block);\n}"),
            CheckCell);
        var forks = folder.Write("class/forks.dib", SetupCell, Hostile(
            "var children = new List<System.Diagnostics.Process>();\nvar stopped = \"\";\n" +
            "try { while (children.Count < 4096) children.Add(System.Diagnostics.Process.Start(\"sleep\", \"600\")!); }\n" +
            "catch (Exception e) { stopped = e.Message; }\nforeach (var child in children) child.Kill();\n" +
            "display($\"fork bomb: {children.Count} started, then: {stopped}\");"),
            CheckCell);
        var disk = folder.Write("class/disk.dib", SetupCell, Hostile(
            "var written = 0L;\nvar refused = \"\";\n" +
            "try { using var file = System.IO.File.Create(System.IO.Path.Combine(System.Environment.GetEnvironmentVariable(\"HOME\")!, \"fill.bin\")); " +
            "var block = new byte[1 << 20]; while (written < (8L << 30)) { file.Write(block); written += block.Length; } }\n" +
            "catch (System.IO.IOException e) { refused = e.Message; }\ndisplay($\"disk fill: {written >> 20} MB written, then: {refused}\");"),
            CheckCell);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hashes = WorkbookFiles.ToDictionary(f => f, f => Hash(Path.Combine(root, f)));
        var mischief = folder.Write("class/mischief.dib", SetupCell, Hostile(
            $"System.IO.File.Delete(@\"{Path.Combine(root, WorkbookFiles[0])}\");",
            $"System.IO.File.WriteAllText(@\"{Path.Combine(root, WorkbookFiles[1])}\", \"{{}}\");",
            $"System.IO.File.AppendAllText(@\"{Path.Combine(root, WorkbookFiles[2])}\", \" \");",
            $"display($\"seen: {{System.IO.File.Exists(@\"{good}\")}} {{System.IO.Directory.Exists(@\"{Path.GetDirectoryName(good)}\")}} {{System.IO.File.Exists(@\"{teacher}\")}}\");",
            $"new System.Net.Sockets.TcpClient().Connect(\"127.0.0.1\", {port});",
            "System.Diagnostics.Process.Start(\"sleep\", \"4242.5\");   // left running",
            "System.Diagnostics.Process.Start(\"/bin/sh\", \"-c \\\"f() { f | f & }; f\\\"\");   // a fork bomb\nSystem.Threading.Thread.Sleep(3000);"),
            CheckCell);
        var truncated = folder.WriteText("class/truncated.ipynb", File.ReadAllText(tampered)[..200]);
        var binary = folder.WriteText("class/binary.dib", "#!csharp\n\0\u0001\u0002");
        var wrongType = folder.WriteText("class/homework.txt", "return a + b;");
        var empty = folder.WriteText("class/empty.dib", "");
        var python = folder.WriteText("class/python.ipynb", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
             "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["print(1 + 2)"]}]}
            """);
        var submissions = new[] { good, tampered, loop, hog, mischief, forks, disk, truncated, binary, wrongType, empty, python };
        var output = Path.Combine(folder.Folder, "out");
        Directory.CreateDirectory(output);
        if (ordinaryUser)
            OrdinaryUser.Writable(output);
        string[] arguments = [TestPaths.Cli, "notebooks", "grade", .. submissions, "--against", teacher, "--out", output,
            "--timeout", "40", "--memory", "700M", "--disk", $"{DiskMegabytes}M", "--jobs", "2"];

        var result = ordinaryUser
            ? OrdinaryUser.Run("dotnet", arguments, TimeSpan.FromMinutes(5))
            : ChildProcess.Run("dotnet", arguments, timeout: TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv")).Skip(1).ToList();
        Assert.Equal(submissions.Length, rows.Count);
        // Each row names its student, then the file.
        string Row(string path) => rows.Single(r => r.Contains($",{path},", StringComparison.Ordinal) || r.Contains($",\"{path}\",", StringComparison.Ordinal));
        Assert.Contains(",✓,", Row(good), StringComparison.Ordinal);
        Assert.True(Row(good).Contains(",completed,", StringComparison.Ordinal), Row(good));
        // The row names what held the limits; an ordinary user has no cgroup v1 of its own here.
        Assert.Contains("disk: tmpfs", Row(good), StringComparison.Ordinal);
        if (ordinaryUser && Environment.IsPrivilegedProcess)
            Assert.DoesNotContain("cgroup v1", Row(good), StringComparison.Ordinal);
        // Its own Check class, its edited check cell and the ✓ pasted into its saved outputs gain nothing.
        Assert.Contains(",✗,\"log_likelihood with zero logits is 543.43 where −784 · ln 2 = -543.43 was expected: log_likelihood > 0", Row(tampered), StringComparison.Ordinal);
        Assert.Contains(",0,1,", Row(tampered), StringComparison.Ordinal);
        Assert.True(Row(loop).Contains(",time limit,", StringComparison.Ordinal), Row(loop));
        Assert.Contains(",not reached,", Row(loop), StringComparison.Ordinal);
        Assert.Contains(",memory limit,", Row(hog), StringComparison.Ordinal);
        Assert.Contains(",unreadable: malformed or cut short,", Row(truncated), StringComparison.Ordinal);
        Assert.Contains(",unreadable: binary,", Row(binary), StringComparison.Ordinal);
        Assert.Contains(",wrong file type,", Row(wrongType), StringComparison.Ordinal);
        Assert.Contains(",empty,", Row(empty), StringComparison.Ordinal);
        Assert.Contains(",not a C# notebook,", Row(python), StringComparison.Ordinal);

        // The fork bomb met the process ceiling (1,024 processes and threads, the kernel's own among them), and the kernel
        // lived on to say so.
        var bomb = Regex.Match(Page(output, forks), @"fork bomb: (\d+) started, then: ([^""\\]*)");
        Assert.True(bomb.Success, Page(output, forks));
        Assert.InRange(int.Parse(bomb.Groups[1].Value, CultureInfo.InvariantCulture), 1, 1023);
        Assert.Contains("Resource temporarily unavailable", bomb.Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains(",completed,", Row(forks), StringComparison.Ordinal);
        // The disk filled at its cap: the write failed inside, the kernel went on, and the row says so.
        var fill = Regex.Match(Page(output, disk), @"disk fill: (\d+) MB written, then: ([^""\\]*)");
        Assert.True(fill.Success, Page(output, disk));
        Assert.InRange(int.Parse(fill.Groups[1].Value, CultureInfo.InvariantCulture), 1, DiskMegabytes);
        Assert.Contains("No space left on device", fill.Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains(",disk limit,", Row(disk), StringComparison.Ordinal);

        // The workbook is read-only to a submission, the others' files and the teacher's are not there, nor is the network.
        Assert.Equal(hashes, WorkbookFiles.ToDictionary(f => f, f => Hash(Path.Combine(root, f))));
        var page = Page(output, mischief);
        Assert.Contains("reaches outside: Task 1 · compute_elbo (Process)", Row(mischief), StringComparison.Ordinal);
        Assert.Contains("Read-only file system", page, StringComparison.Ordinal);
        Assert.Contains("seen: False False False", page, StringComparison.Ordinal);
        Assert.Contains("Connection refused", page, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a submission reached a listener on the grader's 127.0.0.1");
        // Nothing it started outlives it: no leftover child, no fork bomb, no control group of this grader's (its pid is in
        // their names; other graders on the machine have their own).
        Assert.DoesNotContain(Processes(), cmdline => cmdline.Contains("4242.5", StringComparison.Ordinal));
        if (Directory.Exists("/sys/fs/cgroup/pids"))
            Assert.Empty(Directory.GetDirectories("/sys/fs/cgroup/pids", $"vae-grade-{result.ProcessId}-*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(output, "gradebook.html")));
        Assert.Contains($"[5/{submissions.Length}] mischief/mischief.dib: cell", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The executed notebook of a submission, as the gradebook links it (its .ipynb under submissions/).</summary>
    private static string Page(string output, string submission) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(output, "submissions"), $"*-{Path.GetFileNameWithoutExtension(submission)}.ipynb").Single());

    /// <summary>A wrong answer with its own Check class, its check cell edited to print ✓, and a passing check result pasted into its outputs.</summary>
    private string WriteTampered()
    {
        JsonObject Code(string source, JsonArray? outputs = null) => new()
        {
            ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["execution_count"] = 1, ["outputs"] = outputs ?? [], ["source"] = source,
        };
        var pasted = new JsonArray(new JsonObject
        {
            ["output_type"] = "display_data", ["metadata"] = new JsonObject(),
            ["data"] = new JsonObject
            {
                ["application/vnd.vae.check+json"] = "{\"check\":\"compute_elbo\",\"passed\":true,\"message\":\"✓\"}", ["text/plain"] = "✓ compute_elbo",
            },
        });
        var notebook = new JsonObject
        {
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#", ["display_name"] = ".NET (C#)" } },
            ["cells"] = new JsonArray(
                Code(SetupCell),
                Code("static class Check { public static void compute_elbo(object f) { } }   // every check passes?\n" +
                     Exercise("var (elbo, ll, kl) = (torch.tensor(0f), torch.tensor(543.4273f), torch.tensor(0f));\n    return (elbo, ll, kl);   // the sign flipped")),
                Code("Console.WriteLine(\"✓ compute_elbo passed\");", pasted),
                Code(CheckCell, (JsonArray)pasted.DeepClone())),
        };
        return folder.WriteText("class/tampered.ipynb", notebook.ToJsonString());
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static List<string> Processes() =>
        [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try { return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { return ""; }
            catch (UnauthorizedAccessException) { return ""; }
        })];
}
