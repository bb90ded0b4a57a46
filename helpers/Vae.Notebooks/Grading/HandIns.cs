using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>
/// One file a student handed in: where it is, whose it is, and its path below the student's folder (or its name in a flat
/// folder), which with <see cref="Student"/> names it across gradings and shards.
/// </summary>
public sealed record HandIn(string Path, string Student, string RelativePath);

/// <summary>
/// The files handed in, each with its student, as nbgrader's <c>submitted/&lt;student&gt;/…</c> lays them out: below the
/// folder given (or, for files given one by one, below the folder they all lie in), a file in a subfolder belongs to the
/// student that subfolder names; a file lying in that folder itself belongs to the student its name names, once the
/// notebook's own name is taken out (<c>ada-01-implementation.dib</c> and <c>ada.dib</c> are ada's), and, when nothing is
/// left (<c>ada/01-implementation.dib</c> given alone), to the student its folder names.
/// </summary>
public static class HandIns
{
    /// <param name="arguments">Files and folders; a folder gives every .dib and .ipynb below it, except in hidden folders
    /// (Jupyter's .ipynb_checkpoints).</param>
    /// <param name="notebookNames">The teacher notebooks' names (01-implementation, …), which a file name may carry beside
    /// the student's.</param>
    /// <exception cref="ArgumentException">An argument is neither a file nor a folder, or a folder holds no notebook.</exception>
    public static IReadOnlyList<HandIn> Find(IReadOnlyList<string> arguments, IReadOnlyList<string> notebookNames)
    {
        var found = new List<HandIn>();
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                var notebooks = Notebooks(argument);
                if (notebooks.Count == 0)
                    throw new ArgumentException($"{argument} holds no notebook (.dib or .ipynb): name the folder the class handed in");
                found.AddRange(notebooks.Select(file => Of(file, argument, notebookNames)));
            }
            else if (File.Exists(argument))
                files.Add(argument);
            else
                throw new ArgumentException($"submission not found: {argument}");
        }
        if (files.Count > 0)
        {
            var root = CommonFolder(files.Select(f => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(f))!).ToList());
            found.AddRange(files.Select(file => Of(file, root, notebookNames)));
        }
        // A file named twice (a folder and a file in it) is one submission.
        return [.. found.DistinctBy(h => System.IO.Path.GetFullPath(h.Path))];
    }

    /// <summary>The student whose name a file in a flat folder carries, the notebook's name taken out; null when none is left.</summary>
    public static string? StudentInFileName(string fileName, IReadOnlyList<string> notebookNames)
    {
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        foreach (var name in notebookNames.Where(n => n.Length > 0).OrderByDescending(n => n.Length))
        {
            var at = stem.IndexOf(name, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                stem = stem.Remove(at, name.Length);
                break;
            }
        }
        stem = stem.Trim(' ', '-', '_', '.');
        return stem.Length > 0 ? stem : null;
    }

    private static HandIn Of(string file, string root, IReadOnlyList<string> notebookNames)
    {
        var relative = System.IO.Path.GetRelativePath(System.IO.Path.GetFullPath(root), System.IO.Path.GetFullPath(file));
        var parts = relative.Split(System.IO.Path.DirectorySeparatorChar);
        if (parts.Length > 1)
            return new HandIn(file, parts[0], string.Join('/', parts[1..]));
        var student = StudentInFileName(relative, notebookNames)
                      ?? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root)));
        return new HandIn(file, student, relative);
    }

    private static List<string> Notebooks(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f => NotebookReader.IsNotebookPath(f) && !System.IO.Path.GetRelativePath(folder, f).Split(System.IO.Path.DirectorySeparatorChar).Any(p => p.StartsWith('.')))
            .Order(StringComparer.Ordinal),
    ];

    private static string CommonFolder(IReadOnlyList<string> folders)
    {
        var common = folders[0];
        foreach (var folder in folders.Skip(1))
            while (!(folder == common || folder.StartsWith(System.IO.Path.TrimEndingDirectorySeparator(common) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                common = System.IO.Path.GetDirectoryName(common) ?? "/";
        return common;
    }
}
