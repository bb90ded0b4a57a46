using System.Buffers.Binary;
using System.IO.Compression;

using Vae.Data;

namespace Vae.Data;

/// <summary>
/// The IDX format of the original MNIST files: magic (0, 0, type 0x08 = unsigned byte, number of
/// dimensions), big-endian dimension sizes, then the bytes. Plain or gzipped.
/// </summary>
internal static class Idx
{
    /// <summary>Reads and validates one IDX file; <paramref name="fix"/> says how to get the file again.</summary>
    public static (int[] Shape, byte[] Data) Read(string path, string fix)
    {
        if (!File.Exists(path))
            throw new DataFileException(path, Directory.Exists(Path.GetDirectoryName(path)) ? "the file does not exist" : "its folder does not exist", fix);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) bytes = Gunzip(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(path, $"it looks gzipped but does not decompress ({e.Message})", fix);
        }
        return Parse(bytes, path, fix);
    }

    internal static (int[] Shape, byte[] Data) Parse(byte[] bytes, string path, string fix)
    {
        if (bytes.Length < 4) throw new DataFileException(path, $"it is {bytes.Length} bytes long, too short for an IDX header", fix);
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DataFileException(path, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):x8} (an IDX file starts with two zero bytes)", fix);
        if (bytes[2] != 0x08) throw new DataFileException(path, $"element type 0x{bytes[2]:x2} is not unsigned byte (0x08)", fix);
        int ndim = bytes[3];
        if (ndim is < 1 or > 4) throw new DataFileException(path, $"{ndim} dimensions; MNIST files have 1 (labels) or 3 (images)", fix);
        var headerLength = 4 + 4 * ndim;
        if (bytes.Length < headerLength) throw new DataFileException(path, "the header is truncated", fix);
        var shape = new int[ndim];
        long count = 1;
        for (var i = 0; i < ndim; i++)
        {
            var d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (d == 0 || d > int.MaxValue) throw new DataFileException(path, $"dimension {i} has size {d}", fix);
            shape[i] = (int)d;
            count *= d;
        }
        if (bytes.Length - headerLength != count)
            throw new DataFileException(path,
                $"the header announces {string.Join(" × ", shape)} = {count} bytes of data but the file holds {bytes.Length - headerLength} (truncated or corrupt)", fix);
        return (shape, bytes[headerLength..]);
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
