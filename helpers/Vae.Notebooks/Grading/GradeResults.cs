using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vae.Core;

namespace Vae.Notebooks.Grading;

/// <summary>
/// The gradebook's results/ folder: each submission graded as one JSON file, results/&lt;student&gt;/&lt;file&gt;.json,
/// beside its executed notebook under submissions/. Every gradebook file is made from these, so grading again (a late
/// submission, a fixed check) replaces only the results of the files graded, and shards graded on other machines merge by
/// copying theirs in: for a file graded more than once, the latest grading counts, so merging again changes nothing.
/// </summary>
internal static class GradeResults
{
    public const string Folder = "results", Submissions = "submissions";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A name for a student or file that every file system takes: letters, digits, '-', '_' and '.' as they are,
    /// anything else as '_' with a short hash of the original, so that two names never share a file.</summary>
    public static string FileKey(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        if (safe == name && name.Length > 0 && name[0] != '.')
            return name;
        return (safe.TrimStart('.') is { Length: > 0 } s ? s : "_") + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
    }

    /// <summary>The page name of a submission's executed notebook (without .html): its student's, then its own.</summary>
    public static string PageName(string student, string relativePath) =>
        $"{FileKey(student)}--{FileKey(Path.ChangeExtension(relativePath, null))}";

    private static string PathOf(string outDir, SubmissionGrade grade) =>
        Path.Combine(outDir, Folder, FileKey(grade.Student), FileKey(grade.RelativePath) + ".json");

    public static void Save(string outDir, SubmissionGrade grade) =>
        AtomicFile.WriteAllText(PathOf(outDir, grade), JsonSerializer.Serialize(grade, Json));

    /// <summary>Every result in the folder, by student and file.</summary>
    /// <exception cref="InvalidDataException">A result file is damaged (the message names it).</exception>
    public static IReadOnlyList<SubmissionGrade> Load(string outDir)
    {
        var folder = Path.Combine(outDir, Folder);
        if (!Directory.Exists(folder))
            return [];
        return [.. Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Select(Read)
            .OrderBy(g => g.Student, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.RelativePath, StringComparer.Ordinal)];
    }

    private static SubmissionGrade Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<SubmissionGrade>(File.ReadAllText(file), Json)
                   ?? throw new InvalidDataException($"{file} holds no result");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not a result the grader wrote ({e.Message}): delete it and grade that submission again", e);
        }
    }

    /// <summary>
    /// Copies the results of another gradebook folder (a shard's) into <paramref name="outDir"/>, each with its executed
    /// notebook's page and .ipynb, unless the folder already holds a later grading of the same file. Returns how many came.
    /// </summary>
    /// <exception cref="ArgumentException">The folder holds no results.</exception>
    public static int Merge(string from, string outDir)
    {
        var theirs = Load(from);
        if (theirs.Count == 0)
            throw new ArgumentException($"{from} holds no graded results ({Path.Combine(from, Folder)} is missing or empty): name the --out folder of a grading");
        if (Path.GetFullPath(from) == Path.GetFullPath(outDir))
            return 0;
        var ours = Load(outDir).ToDictionary(g => PathOf(outDir, g));
        var copied = 0;
        foreach (var grade in theirs)
        {
            if (ours.TryGetValue(PathOf(outDir, grade), out var mine) && mine.GradedAt >= grade.GradedAt)
                continue;
            foreach (var page in new[] { grade.Page, grade.Notebook }.OfType<string>())
                Copy(Path.Combine(from, Uri.UnescapeDataString(page)), Path.Combine(outDir, Uri.UnescapeDataString(page)));
            Save(outDir, grade);
            copied++;
        }
        // The pages link plotly.js and KaTeX from submissions/assets/, the same in every shard.
        var assets = Path.Combine(from, Submissions, "assets");
        if (Directory.Exists(assets))
            foreach (var file in Directory.GetFiles(assets, "*", SearchOption.AllDirectories))
                Copy(file, Path.Combine(outDir, Submissions, "assets", Path.GetRelativePath(assets, file)));
        return copied;
    }

    /// <summary>Copies a file to a temporary file beside the target and renames it into place; nothing when it is missing.</summary>
    public static void Copy(string source, string target)
    {
        if (!File.Exists(source))
            return;
        AtomicFile.Write(target, stream =>
        {
            using var input = File.OpenRead(source);
            input.CopyTo(stream);
        });
    }
}
