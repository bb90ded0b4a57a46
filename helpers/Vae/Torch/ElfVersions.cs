using System.Buffers.Binary;
using System.Text;

namespace Vae.Torch;

/// <summary>
/// The symbol-version tables of a 64-bit little-endian ELF shared library: the versions it needs from other
/// libraries (.gnu.version_r) and the ones it defines (.gnu.version_d). Enough to see why a library will not load
/// against this system's libstdc++, and to mark a requirement weak in a copy of the file.
/// </summary>
internal static class ElfVersions
{
    private const uint VerdefSection = 0x6ffffffd, VerneedSection = 0x6ffffffe;

    /// <summary>VER_FLG_WEAK: the dynamic loader accepts a library that lacks this version (it warns only in debug mode).</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>One required version: e.g. GLIBCXX_3.4.32 from libstdc++.so.6; FlagsOffset locates its vna_flags in the file.</summary>
    public sealed record Requirement(string Library, string Version, ushort Flags, int FlagsOffset)
    {
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    public static List<Requirement> Required(byte[] elf)
    {
        var sections = Sections(elf);
        var result = new List<Requirement>();
        foreach (var section in sections.Where(s => s.Type == VerneedSection))
        {
            var strings = sections[section.Link].Offset;
            for (var need = section.Offset; ; )
            {
                int count = U16(elf, need + 2);
                var library = CString(elf, strings + U32(elf, need + 4));
                var aux = need + (int)U32(elf, need + 8);
                for (var i = 0; i < count; i++)
                {
                    result.Add(new Requirement(library, CString(elf, strings + U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));
                    var nextAux = (int)U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = (int)U32(elf, need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return result;
    }

    public static HashSet<string> Defined(byte[] elf)
    {
        var sections = Sections(elf);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections.Where(s => s.Type == VerdefSection))
        {
            var strings = sections[section.Link].Offset;
            for (var def = section.Offset; ; )
            {
                var aux = def + (int)U32(elf, def + 12);
                result.Add(CString(elf, strings + U32(elf, aux)));
                var next = (int)U32(elf, def + 16);
                if (next == 0) break;
                def += next;
            }
        }
        return result;
    }

    /// <summary>A copy of the library with each given requirement marked weak; everything else byte for byte the same.</summary>
    public static byte[] WithWeakRequirements(byte[] elf, IEnumerable<Requirement> requirements)
    {
        var copy = (byte[])elf.Clone();
        foreach (var r in requirements)
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(r.FlagsOffset), (ushort)(r.Flags | WeakFlag));
        return copy;
    }

    private readonly record struct Section(uint Type, int Offset, uint Link);

    private static Section[] Sections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");
        var table = checked((int)BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan(0x28)));
        int entrySize = U16(elf, 0x3A), count = U16(elf, 0x3C);
        if (entrySize < 64 || (long)table + (long)count * entrySize > elf.Length) throw new InvalidDataException("the section table lies outside the file");
        var sections = new Section[count];
        for (var i = 0; i < count; i++)
        {
            var h = table + i * entrySize;
            sections[i] = new Section(U32(elf, h + 4), checked((int)BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan(h + 24))), U32(elf, h + 40));
        }
        return sections;
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

    private static string CString(byte[] b, long at)
    {
        var start = checked((int)at);
        var end = Array.IndexOf(b, (byte)0, start);
        return Encoding.ASCII.GetString(b, start, (end < 0 ? b.Length : end) - start);
    }
}
