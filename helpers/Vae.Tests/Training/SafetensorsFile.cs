using System.Buffers.Binary;
using System.Text;
using Vae.Data;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;
using static TorchSharp.torch;

namespace Vae.Tests.Training;

/// <summary>A safetensors file taken apart (header JSON text and data bytes) and put back together, for writing damaged ones.</summary>
internal static class SafetensorsFile
{
    /// <summary>A small valid file of several dtypes and shapes (a scalar and an empty tensor among them), as our writer writes it.</summary>
    public static byte[] Valid()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(TestPaths.TempDirectory("safetensors-valid"), "valid.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor>
        {
            ["model.encoder.0.weight"] = arange(0, 24, dtype: ScalarType.Float32).reshape(4, 6),
            ["model.encoder.0.bias"] = tensor(new double[] { Math.PI, -1e300 }),
            ["optimizer.state.0.step"] = tensor(new long[] { 1L << 40 }),
            ["flags"] = tensor(new bool[] { true, false, true }),
            ["pixels"] = tensor(new byte[] { 0, 127, 255 }),
            ["half"] = tensor(new float[] { 1, 2 }).to(ScalarType.Float16),
            ["scalar"] = tensor(2.5f),
            ["nothing"] = zeros(0, 3),
        });
        return File.ReadAllBytes(path);
    }

    public static (string Header, byte[] Data) Split(byte[] file)
    {
        var length = (int)BinaryPrimitives.ReadInt64LittleEndian(file);
        return (Encoding.UTF8.GetString(file, 8, length), file[(8 + length)..]);
    }

    public static byte[] Join(string header, byte[] data) => Join(Encoding.UTF8.GetBytes(header), data);

    public static byte[] Join(byte[] header, byte[] data, long? declaredLength = null)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteInt64LittleEndian(file, declaredLength ?? header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }
}
