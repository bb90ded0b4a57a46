using System.Text;
using System.Text.Json.Nodes;
using Vae.Data;
using Vae.Drawing;
using Vae.Models;
using Vae.Torch;
using Vae.Training;
using static TorchSharp.torch;

namespace Vae.Tests.Training;

/// <summary>
/// Hostile safetensors headers (issue 18): each refused before any tensor is allocated, as one line naming the file and
/// the tensor. The first used to abort the process in libtorch ("Storage size calculation overflowed", exit code 134).
/// </summary>
public class SafetensorsHeaderTests
{
    private static string Write(byte[] bytes)
    {
        var path = Path.Combine(TestPaths.TempDirectory("safetensors-hostile"), "weights.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The valid file with one tensor's header entry changed.</summary>
    private static byte[] WithEntry(string tensor, Action<JsonObject> change)
    {
        var (header, data) = SafetensorsFile.Split(SafetensorsFile.Valid());
        var json = JsonNode.Parse(header)!.AsObject();
        change(json[tensor]!.AsObject());
        return SafetensorsFile.Join(json.ToJsonString(), data);
    }

    [Theory]
    // [2^32, 2^32] float32: 2^64 elements × 4 bytes wraps to 0 in unchecked 64-bit arithmetic, the size of an empty range.
    [InlineData("shape", "[4294967296, 4294967296]", "[0, 0]", "'flags' is F32 [4294967296, 4294967296], more bytes than a 64-bit count holds")]
    [InlineData("shape", "[9223372036854775807, 2]", "[0, 0]", "more bytes than a 64-bit count holds")]
    [InlineData("shape", "[-1, 3]", "[0, 0]", "'flags' has a negative dimension in [-1, 3]")]
    [InlineData("shape", "[1.5]", null, "'flags' has no shape (a list of whole numbers)")]
    [InlineData("shape", "[\"3\"]", null, "'flags' has no shape")]
    [InlineData("shape", "[18446744073709551616]", null, "'flags' has no shape")]
    [InlineData("shape", "3", null, "'flags' has no shape")]
    [InlineData("shape", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", null, "'flags' has 33 dimensions")]
    [InlineData("data_offsets", null, "[-4, 0]", "the byte range [-4, 0) of 'flags' lies outside")]
    [InlineData("data_offsets", null, "[0, 9223372036854775807]", "lies outside the file")]
    [InlineData("data_offsets", null, "[3, 1]", "lies outside the file")]
    [InlineData("data_offsets", null, "[0]", "'flags' has no data_offsets")]
    [InlineData("data_offsets", null, "[0, 1, 2]", "'flags' has no data_offsets")]
    [InlineData("data_offsets", null, "[0.0, 3.0]", "'flags' has no data_offsets")]
    [InlineData("dtype", "\"F8_E4M3\"", null, "'flags' has dtype 'F8_E4M3', which this reader does not know")]
    [InlineData("dtype", "4", null, "'flags' has no dtype")]
    public void AnEntryThatDoesNotDescribeItsBytes_IsRefusedNamingTheTensor(string field, string? value, string? offsets, string expected)
    {
        var bytes = WithEntry("flags", entry =>
        {
            if (field == "dtype") entry["dtype"] = JsonNode.Parse(value!);
            if (field == "shape")
            {
                entry["shape"] = JsonNode.Parse(value!);
                entry["dtype"] = "F32";
            }
            if (offsets is not null) entry["data_offsets"] = JsonNode.Parse(offsets);
        });
        var path = Write(bytes);

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));

        Assert.StartsWith($"{path} is not a valid safetensors file: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheFileLevelDamage_IsRefused()
    {
        var valid = SafetensorsFile.Valid();
        var (header, data) = SafetensorsFile.Split(valid);
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var cases = new (string Name, byte[] Bytes, string Expected)[]
        {
            ("huge header length", SafetensorsFile.Join(headerBytes, data, long.MaxValue), "the header length 9223372036854775807 does not fit"),
            ("u64 header length over 2^63", SafetensorsFile.Join(headerBytes, data, unchecked((long)0xFFFF_FFFF_FFFF_FFF0)), "the header length 18446744073709551600 does not fit"),
            ("header over the format's 100 MB", SafetensorsFile.Join(new byte[100_000_008], [], 100_000_008), "over the format's limit of 100000000 bytes"),
            ("not UTF-8", SafetensorsFile.Join(headerBytes.Select((b, i) => i == 3 ? (byte)0xC3 : b).ToArray(), data), "the header is not UTF-8 text"),
            ("a JSON array", SafetensorsFile.Join("[1, 2]", data), "the header is not a JSON object"),
            ("cut JSON", SafetensorsFile.Join(header[..^5], data), "the header is not a JSON object ("),
            ("a name twice", SafetensorsFile.Join(header.Replace("\"half\":", "\"pixels\":"), data), "the header names 'pixels' twice"),
            ("a field twice", SafetensorsFile.Join(header.Replace("\"dtype\":\"U8\"", "\"dtype\":\"U8\",\"dtype\":\"I8\""), data), "the entry of 'pixels' gives 'dtype' twice"),
            ("a missing tensor leaves a gap", SafetensorsFile.Join(RemoveEntry(header, "pixels"), data), "no tensor covers bytes"),
            ("bytes after the last tensor", SafetensorsFile.Join(headerBytes, [.. data, 1, 2, 3]), $"the tensors cover {data.Length} of the {data.Length + 3} bytes"),
            ("a control character in a name", SafetensorsFile.Join(Renamed(header, "half", "ha\u001b[31mlf", dtype: "ZZ"), data),
                "'ha\\u001b[31mlf' has dtype 'ZZ'"),
        };
        foreach (var (name, bytes, expected) in cases)
        {
            var path = Write(bytes);
            var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
            Assert.True(e.Message.StartsWith($"{path} is not a valid safetensors file: ", StringComparison.Ordinal) && e.Message.Contains(expected),
                $"{name}: {e.Message}");
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void OverlappingRanges_AreRefused()
    {
        var (header, data) = SafetensorsFile.Split(SafetensorsFile.Valid());
        var json = JsonNode.Parse(header)!.AsObject();
        // 'pixels' (3 bytes of U8) reads the first 3 bytes of another tensor instead of its own.
        var first = json.Where(p => p.Key != "__metadata__").MinBy(p => p.Value!["data_offsets"]![0]!.GetValue<long>()).Value!["data_offsets"]![0]!.GetValue<long>();
        json["pixels"]!["data_offsets"] = new JsonArray(first, first + 3);
        var path = Write(SafetensorsFile.Join(json.ToJsonString(), data));

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));

        Assert.Contains("overlaps another tensor's", e.Message);
    }

    [Fact]
    public void TheValidFile_StillLoads()
    {
        using var scope = NewDisposeScope();
        var path = Write(SafetensorsFile.Valid());
        var tensors = Safetensors.Load(path);
        Assert.Equal(8, tensors.Count);
        Assert.Equal([0L, 3L], tensors["nothing"].shape);
        Assert.Equal(23f, tensors["model.encoder.0.weight"][3, 5].item<float>());
    }

    /// <summary>The issue's own case, end to end: a checkpoint whose weights declare [2^32, 2^32], through the real `vae eval`.</summary>
    [Fact]
    public void VaeEval_OfACheckpointWithAnOverflowingShape_IsOneLineAndExitCode1()
    {
        var dir = TestPaths.TempDirectory("overflow-run");
        using (var trainer = Trainer.Create(new TrainingConfig
               {
                   Model = new ModelConfig { Hidden = [32], Z = 2 }, Epochs = 1, Subset = 256, TestSubset = 128, Device = "cpu", Seed = 3,
               }, dir))
            trainer.Run();
        var weights = Path.Combine(dir, Checkpoint.ReadInfo(dir).Weights);
        var (header, data) = SafetensorsFile.Split(File.ReadAllBytes(weights));
        var json = JsonNode.Parse(header)!.AsObject();
        json["model.encoder.2.weight"]!["shape"] = new JsonArray(4294967296L, 4294967296L);
        json["model.encoder.2.weight"]!["data_offsets"] = new JsonArray(0, 0);
        File.WriteAllBytes(weights, SafetensorsFile.Join(json.ToJsonString(), data));

        var (code, output, error) = Cli.CliTests.RunVae("eval", dir);

        Assert.Equal(1, code);   // not 134, SIGABRT
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(weights, line);
        Assert.Contains("'model.encoder.2.weight' is F32 [4294967296, 4294967296]", line);
        Assert.DoesNotContain("overflowed", output + error);
    }

    private static string Renamed(string header, string name, string newName, string dtype)
    {
        var json = JsonNode.Parse(header)!.AsObject();
        var entry = json[name]!.AsObject();
        json.Remove(name);
        entry["dtype"] = dtype;
        json[newName] = entry;
        return json.ToJsonString();
    }

    private static string RemoveEntry(string header, string name)
    {
        var json = JsonNode.Parse(header)!.AsObject();
        json.Remove(name);
        return json.ToJsonString();
    }
}
