using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Vae.Core;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// One real `vae notebooks grade` of a small class, in bubblewrap and the real kernel, with small limits: a good notebook, one
/// that tampers with its check, an endless loop, a memory hog, one that attacks the workbook, the other submissions, the
/// network and the process table, and files that are no notebook. Every row must be there, saying what happened.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class HostileSubmissionTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    // The teacher's exercise: a function that adds; its check has Vae.Checks.Check's contract (see StandInChecks.csx).
    private static string Setup => File.ReadAllText(Path.Combine(Repository.Root, "helpers", "Vae.Tests", "Notebooks", "Grading", "StandInChecks.csx"));

    private static string Exercise(string body) =>
        $"int add(int a, int b)\n{{\n    // BEGIN SOLUTION Add: return the sum\n    {body}\n    // END SOLUTION\n}}";

    private static readonly string[] WorkbookFiles =
        [Path.Combine("artifacts", "bin", "Vae", "release", "Vae.dll"), Path.Combine("data", "package.json"), Path.Combine(".config", "dotnet-tools.json")];

    [Fact]
    public void EveryRowIsThereAndSaysWhatHappened()
    {
        var root = Repository.Root;
        var teacher = folder.Write("teacher/01-adding.dib", "md:# Adding", Setup, "#r \"checks.dll\"", Exercise("return a + b;"), "Check.Add(add);");
        var good = folder.Write("class/good.dib", "md:# Adding", Setup, "#r \"checks.dll\"", Exercise("return a + b;"), "Check.Add(add);");
        var tampered = WriteTampered();
        var loop = folder.Write("class/loop.dib", Setup, "while (true) { }", Exercise("return a + b;"));
        var hog = folder.Write("class/hog.dib", Setup, "#r \"checks.dll\"", Exercise("return a + b;"),
            "var hog = new List<byte[]>();\nfor (var i = 0; i < 120; i++)   // 30 GB, every page touched\n{\n" +
            "    var block = GC.AllocateUninitializedArray<byte>(256 << 20);\n    for (var j = 0; j < block.Length; j += 4096) block[j] = 1;\n    hog.Add(block);\n}");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hashes = WorkbookFiles.ToDictionary(f => f, f => Hash(Path.Combine(root, f)));
        var mischief = folder.Write("class/mischief.dib", Setup, "#r \"checks.dll\"", Exercise("return a + b;"),
            $"System.IO.File.Delete(@\"{Path.Combine(root, WorkbookFiles[0])}\");",
            $"System.IO.File.WriteAllText(@\"{Path.Combine(root, WorkbookFiles[1])}\", \"{{}}\");",
            $"System.IO.File.AppendAllText(@\"{Path.Combine(root, WorkbookFiles[2])}\", \" \");",
            $"display($\"seen: {{System.IO.File.Exists(@\"{good}\")}} {{System.IO.Directory.Exists(@\"{Path.GetDirectoryName(good)}\")}} {{System.IO.File.Exists(@\"{teacher}\")}}\");",
            $"new System.Net.Sockets.TcpClient().Connect(\"127.0.0.1\", {port});",
            "System.Diagnostics.Process.Start(\"sleep\", \"4242.5\");   // left running",
            "System.Diagnostics.Process.Start(\"/bin/sh\", \"-c \\\"f() { f | f & }; f\\\"\");   // a fork bomb\nSystem.Threading.Thread.Sleep(3000);");
        var truncated = folder.WriteText("class/truncated.ipynb", File.ReadAllText(tampered)[..200]);
        var binary = folder.WriteText("class/binary.dib", "#!csharp\n\0\u0001\u0002");
        var wrongType = folder.WriteText("class/homework.txt", "return a + b;");
        var empty = folder.WriteText("class/empty.dib", "");
        var python = folder.WriteText("class/python.ipynb", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
             "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["print(1 + 2)"]}]}
            """);
        var submissions = new[] { good, tampered, loop, hog, mischief, truncated, binary, wrongType, empty, python };
        var output = Path.Combine(folder.Folder, "out");

        var result = ChildProcess.Run("dotnet",
            [TestPaths.Cli, "notebooks", "grade", .. submissions, "--against", teacher, "--out", output,
             "--timeout", "25", "--memory", "700M", "--jobs", "2"], timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv")).Skip(1).ToList();
        Assert.Equal(submissions.Length, rows.Count);
        // Each row names its student, then the file.
        string Row(string path) => rows.Single(r => r.Contains($",{path},", StringComparison.Ordinal) || r.Contains($",\"{path}\",", StringComparison.Ordinal));
        Assert.Contains(",✓,", Row(good), StringComparison.Ordinal);
        Assert.Contains(",completed,", Row(good), StringComparison.Ordinal);
        // Its own Check class, its edited check cell and the ✓ pasted into its saved outputs gain nothing.
        Assert.Contains(",✗,\"add(2, 3) is not 5: a sign?\",0,1,", Row(tampered), StringComparison.Ordinal);
        Assert.Contains(",time limit,", Row(loop), StringComparison.Ordinal);
        Assert.Contains(",not reached,", Row(loop), StringComparison.Ordinal);
        Assert.Contains(",memory limit,", Row(hog), StringComparison.Ordinal);
        Assert.Contains(",unreadable: malformed or cut short,", Row(truncated), StringComparison.Ordinal);
        Assert.Contains(",unreadable: binary,", Row(binary), StringComparison.Ordinal);
        Assert.Contains(",wrong file type,", Row(wrongType), StringComparison.Ordinal);
        Assert.Contains(",empty,", Row(empty), StringComparison.Ordinal);
        Assert.Contains(",not a C# notebook,", Row(python), StringComparison.Ordinal);

        // The workbook is read-only to a submission, the others' files and the teacher's are not there, nor is the network.
        Assert.Equal(hashes, WorkbookFiles.ToDictionary(f => f, f => Hash(Path.Combine(root, f))));
        var page = File.ReadAllText(Path.Combine(output, "submissions", "mischief--mischief.ipynb"));
        Assert.Contains("Read-only file system", page, StringComparison.Ordinal);
        Assert.Contains("seen: False False False", page, StringComparison.Ordinal);
        Assert.Contains("Connection refused", page, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a submission reached a listener on the grader's 127.0.0.1");
        // Nothing it started outlives it: no leftover child, no fork bomb, no control group.
        Assert.DoesNotContain(Processes(), cmdline => cmdline.Contains("4242.5", StringComparison.Ordinal));
        Assert.Empty(Directory.GetDirectories("/sys/fs/cgroup/pids", "vae-grade-*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(output, "gradebook.html")));
        Assert.Contains("[5/10] mischief/mischief.dib: cell", result.Output, StringComparison.Ordinal);
    }

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
            ["data"] = new JsonObject { ["application/vnd.vae.check+json"] = "{\"check\":\"Add\",\"passed\":true,\"message\":\"✓\"}", ["text/plain"] = "✓ Add" },
        });
        var notebook = new JsonObject
        {
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#", ["display_name"] = ".NET (C#)" } },
            ["cells"] = new JsonArray(
                Code(Setup), Code("#r \"checks.dll\""),
                Code("static class Check { public static void Add(Func<int, int, int> add) { } }   // every check passes?\n" + Exercise("return a - b;")),
                Code("Console.WriteLine(\"✓ Add passed\");", pasted),
                Code("Check.Add(add);", (JsonArray)pasted.DeepClone())),
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
