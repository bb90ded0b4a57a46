using System.Buffers.Binary;

namespace Vae.Tests.Cli;

/// <summary>
/// MNIST from a folder of one's own (VAE_MNIST_DIR, as an offline classroom has the IDX files on a stick), and that folder
/// damaged as a user might find it: `vae train` says in one line which file is wrong and how to fix it, exit code 1.
/// </summary>
public class DamagedDataTests
{
    private const int TrainImages = 300, TestImages = 100;

    /// <summary>A folder in MNIST's layout: the four IDX files under their original names, with a few blank images.</summary>
    private static string SmallMnist()
    {
        var folder = TestPaths.TempDirectory("own-mnist");
        foreach (var (prefix, count) in new[] { ("train", TrainImages), ("t10k", TestImages) })
        {
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), Idx([count, 28, 28], new byte[count * 28 * 28]));
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), Idx([count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray()));
        }
        return folder;
    }

    /// <summary>An IDX file of unsigned bytes: magic 0, 0, 0x08 and the number of dimensions, their big-endian sizes, the data.</summary>
    private static byte[] Idx(int[] shape, byte[] data)
    {
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)shape.Length;
        for (var i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), shape[i]);
        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    private static ChildProcess.Result Train(string mnist, params string[] args) =>
        CliTests.RunVae(new Dictionary<string, string> { [Settings.MnistVariable] = mnist },
            ["train", "--hidden", "16", "--epochs", "1", "--test-subset", $"{TestImages}", "--device", "cpu", .. args]);

    [Fact]
    public void AFolderOfOnesOwn_IsWhatTheCommandTrainsOn()
    {
        var mnist = SmallMnist();
        var (code, _, err) = Train(mnist, "--subset", "1000");
        Assert.Equal(2, code);
        Assert.Contains($"mnist train has {TrainImages}", err);   // the folder's 300 images, not the 60,000 setup.sh fetched
        var run = Train(mnist, "--out", TestPaths.TempDirectory("own-mnist-run"));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Theory]
    [InlineData("missing folder", "train-images-idx3-ubyte", "its folder does not exist")]
    [InlineData("truncated file", "train-images-idx3-ubyte", "of data but the file holds")]
    [InlineData("images and labels swapped", "train-images-idx3-ubyte", "images have shape 300, expected N × 28 × 28")]
    [InlineData("labels of another split", "train-labels-idx1-ubyte", "100 labels for 300 images")]
    [InlineData("not an IDX file", "t10k-images-idx3-ubyte", "bad magic number")]
    public void DamagedData_IsOneLineNamingTheFileAndTheFix(string damage, string file, string problem)
    {
        var mnist = SmallMnist();
        string Path(string name) => System.IO.Path.Combine(mnist, name);
        switch (damage)
        {
            case "missing folder":
                Directory.Delete(mnist, recursive: true);
                break;
            case "truncated file":
                File.WriteAllBytes(Path(file), File.ReadAllBytes(Path(file))[..5000]);
                break;
            case "images and labels swapped":
                File.Move(Path("train-images-idx3-ubyte"), Path("swap"));
                File.Move(Path("train-labels-idx1-ubyte"), Path("train-images-idx3-ubyte"));
                File.Move(Path("swap"), Path("train-labels-idx1-ubyte"));
                break;
            case "labels of another split":
                File.Copy(Path("t10k-labels-idx1-ubyte"), Path(file), overwrite: true);
                break;
            case "not an IDX file":
                File.WriteAllText(Path(file), "<html>404 Not Found</html>");
                break;
        }

        var (code, output, err) = Train(mnist);

        Assert.Equal(1, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"vae train: {Path(file)}: ", line);
        Assert.Contains(problem, line);
        Assert.EndsWith($"or point {Settings.MnistVariable} at a folder holding the four IDX files.", line);
        Assert.DoesNotContain("epoch", output);
    }
}
