using System.Text.RegularExpressions;

namespace Vae.Tests.Notebooks;

/// <summary>The notebook tooling's folders depend one way: each may use the folders before it in <see cref="Order"/>, never one after.</summary>
public sealed partial class LayoutTests
{
    private static readonly string[] Order = ["Documents", "Kernel", "Running", "Report", "Jupyter", "Editions", "Grading"];

    [Fact]
    public void EachFolderUsesOnlyTheFoldersBeforeIt()
    {
        var root = Path.Combine(Repository.Root, "helpers", "Vae.Notebooks");
        Assert.Equal(Order.Order(), Directory.GetDirectories(root).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Order());
        var wrong = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var folder = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar) is { Length: > 1 } parts ? parts[0] : null;
            var allowed = folder is null ? [] : Order.TakeWhile(f => f != folder).ToHashSet();
            foreach (Match used in FolderUse().Matches(File.ReadAllText(file)))
                if (used.Groups[1].Value != folder && !allowed.Contains(used.Groups[1].Value))
                    wrong.Add($"{Path.GetRelativePath(root, file)} uses Vae.Notebooks.{used.Groups[1].Value}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }

    [GeneratedRegex(@"\bVae\.Notebooks\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex FolderUse();
}
