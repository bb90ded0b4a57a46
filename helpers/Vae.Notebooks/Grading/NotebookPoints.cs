using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>
/// What a teacher notebook's work is worth, as the teacher sets it in the teacher edition: each check 1 point unless its
/// call carries a comment saying otherwise (<c>Check.compute_elbo(compute_elbo);   // points: 3</c>), and each written answer
/// 1 point unless a <c>&lt;!-- points: 2 --&gt;</c> line stands above its region. The student edition keeps both comments,
/// so students see what each part is worth, as nbgrader shows a cell's points.
/// </summary>
public sealed partial record NotebookPoints(IReadOnlyDictionary<string, double> Checks, IReadOnlyList<WrittenQuestion> Questions)
{
    [GeneratedRegex(@"\bCheck\s*\.\s*(?<name>\w+)\s*\(.*//\s*points:\s*(?<points>\d+(?:[.,]\d+)?)\s*$")]
    private static partial Regex CheckPoints();

    /// <summary>Points of a check; 1 for one the teacher notebook does not list (an earlier edition's).</summary>
    public double Of(string check) => Checks.TryGetValue(check, out var points) ? points : 1;

    public double Max => Checks.Values.Sum() + Questions.Sum(q => q.Points);

    /// <summary>The points of a teacher notebook whose checks, in order, are <paramref name="checkNames"/>.</summary>
    internal static NotebookPoints Read(InteractiveDocument teacher, IReadOnlyList<string> checkNames)
    {
        var set = new Dictionary<string, double>();
        foreach (var line in teacher.Elements.Where(c => c.IsCSharp).SelectMany(c => c.Contents.Split('\n')))
            if (CheckPoints().Match(line) is { Success: true } match)
                set[match.Groups["name"].Value] = double.Parse(match.Groups["points"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        return new NotebookPoints(checkNames.Distinct().ToDictionary(n => n, n => set.GetValueOrDefault(n, 1)), WrittenAnswers.Questions(teacher));
    }

    /// <summary>The points of a teacher notebook as grading reads it.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable notebook.</exception>
    internal static NotebookPoints Read(TeacherEdition edition) => Read(NotebookReader.Load(edition.Path), edition.CheckNames);

    /// <summary>A number of points as the gradebook writes it: 3, 1.5, 0.25.</summary>
    public static string Format(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}
