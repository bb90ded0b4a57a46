using System.Text;
using Vae.Checks;
using Vae.Core;
using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Editions;

/// <summary>What generating one file did.</summary>
public enum GeneratedState
{
    /// <summary>The file already held exactly what the .dib gives.</summary>
    Unchanged,
    /// <summary>The file was written (new or changed).</summary>
    Written,
    /// <summary>Checking only: the file is missing or differs from what the .dib gives.</summary>
    OutOfDate,
}

/// <summary>
/// What each .dib notebook generates, all from the .dib, which stays the one source: its .ipynb twin beside it
/// (<c>notebooks/01-implementation.dib</c> → <c>notebooks/01-implementation.ipynb</c>), and its student edition with that
/// edition's twin (<c>notebooks/student/01-implementation.dib</c> and <c>.ipynb</c>), as nbgrader's generate_assignment
/// derives the student's notebook from the teacher's; for a notebook with exercises, also their hints beside the student
/// edition (<c>notebooks/student/01-implementation.hints.json</c>), which <c>Exercise.Hint</c> gives one at a time.
/// </summary>
public static class GeneratedNotebooks
{
    public static string TwinPath(string dibPath) => Path.ChangeExtension(dibPath, IpynbFormat.Extension);

    /// <summary>Where the hints of a notebook's exercises go: beside its student edition.</summary>
    public static string HintsPath(string dibPath) =>
        Path.Combine(Path.GetDirectoryName(StudentEdition.PathFor(dibPath))!, Path.GetFileNameWithoutExtension(dibPath) + HintsFile.Extension);

    /// <summary>Every file the .dib at <paramref name="dibPath"/> generates, with what it must hold byte for byte.</summary>
    /// <exception cref="InvalidDataException">The .dib is not a readable notebook, or its solution markers do not pair up.</exception>
    public static IReadOnlyList<(string Path, byte[] Content)> Expected(string dibPath)
    {
        var teacher = File.ReadAllText(dibPath);
        string student;
        IReadOnlyList<SolutionRegion> regions;
        try
        {
            student = StudentEdition.Generate(teacher);
            regions = SolutionRegions.Find(teacher);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{dibPath}: {e.Message}", e);
        }
        var studentPath = StudentEdition.PathFor(dibPath);
        var exercises = regions.Where(r => !r.IsMarkdown).Select(r => new ExerciseHints(r.Title!, r.Goal!, r.Hints)).ToList();
        return
        [
            (TwinPath(dibPath), Utf8(IpynbFormat.Twin(NotebookReader.Load(dibPath)))),
            (studentPath, Utf8(student)),
            (TwinPath(studentPath), Utf8(IpynbFormat.Twin(DibFormat.Parse(student)))),
            .. exercises.Count > 0 ? [(HintsPath(dibPath), Utf8(HintsFile.Serialize(Path.GetFileNameWithoutExtension(dibPath), exercises)))] : Array.Empty<(string, byte[])>(),
        ];
    }

    /// <summary>Writes each generated file that differs (atomically), or with <paramref name="checkOnly"/> only compares.</summary>
    public static IReadOnlyList<(string Path, GeneratedState State)> Generate(string dibPath, bool checkOnly) =>
        [.. Expected(dibPath).Select(file => (file.Path, Write(file.Path, file.Content, checkOnly)))];

    private static GeneratedState Write(string path, byte[] expected, bool checkOnly)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected))
            return GeneratedState.Unchanged;
        if (checkOnly)
            return GeneratedState.OutOfDate;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, stream => stream.Write(expected));
        return GeneratedState.Written;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
