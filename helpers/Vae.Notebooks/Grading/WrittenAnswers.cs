using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Documents;
using Vae.Notebooks.Editions;

namespace Vae.Notebooks.Grading;

/// <summary>A question the student answers in writing (a markdown solution region), and what its answer is worth.</summary>
public sealed record WrittenQuestion(string Name, double Points);

public enum AnswerState
{
    /// <summary>The student wrote an answer.</summary>
    Answered,
    /// <summary>The region still holds the student edition's request for an answer, or nothing.</summary>
    Unanswered,
    /// <summary>The submission has no region for the question: its markers were deleted or broken.</summary>
    Missing,
}

/// <summary>A student's answer to a written question, as the submission holds it.</summary>
public sealed record WrittenAnswer(string Question, AnswerState State, string Text);

/// <summary>
/// The written answers of a notebook: its markdown regions (<c>&lt;!-- BEGIN SOLUTION --&gt;</c> …
/// <c>&lt;!-- END SOLUTION --&gt;</c>), each named by the heading above it ("## Research question: who are they?" names
/// "who are they?"), and worth the points a <c>&lt;!-- points: N --&gt;</c> line above it in its cell gives (1 without one).
/// </summary>
internal static partial class WrittenAnswers
{
    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*<!--\s*points:\s*(?<points>\d+(?:[.,]\d+)?)\s*-->\s*$")]
    private static partial Regex PointsComment();

    /// <summary>What the student edition puts where a written answer goes, as the generator writes it.</summary>
    private static readonly Lazy<string> Stub = new(() =>
        SolutionRegions.Lines(StudentEdition.Generate("<!-- BEGIN SOLUTION -->\nanswer\n<!-- END SOLUTION -->"))[1].Trim());

    private sealed record Region(string Question, double Points, string Text);

    /// <summary>The written questions of a teacher notebook, in order.</summary>
    public static IReadOnlyList<WrittenQuestion> Questions(InteractiveDocument teacher) =>
        [.. Regions(teacher, out _).Select(r => new WrittenQuestion(r.Question, r.Points))];

    /// <summary>
    /// The submission's answer to each question: its region of the same name, else the one at the same place among its
    /// regions, else <see cref="AnswerState.Missing"/>.
    /// </summary>
    public static IReadOnlyList<WrittenAnswer> Read(InteractiveDocument submission, IReadOnlyList<WrittenQuestion> questions)
    {
        var regions = Regions(submission, out var broken);
        var unclaimed = regions.ToList();
        var byName = new Dictionary<string, Region>();
        foreach (var question in questions)
            if (unclaimed.FirstOrDefault(r => r.Question == question.Name) is { } named)
            {
                byName[question.Name] = named;
                unclaimed.Remove(named);
            }
        var answers = new List<WrittenAnswer>();
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var region = byName.GetValueOrDefault(question.Name);
            // A renamed heading: the region at the question's place, when nothing broke the count.
            if (region is null && !broken && regions.Count == questions.Count && unclaimed.Contains(regions[i]))
            {
                region = regions[i];
                unclaimed.Remove(region);
            }
            answers.Add(region is null ? new WrittenAnswer(question.Name, AnswerState.Missing, "")
                : region.Text.Length == 0 || region.Text == Stub.Value ? new WrittenAnswer(question.Name, AnswerState.Unanswered, "")
                : new WrittenAnswer(question.Name, AnswerState.Answered, region.Text));
        }
        return answers;
    }

    /// <summary>Every markdown region in order; <paramref name="broken"/>: a markdown cell's markers did not pair up.</summary>
    private static List<Region> Regions(InteractiveDocument document, out bool broken)
    {
        broken = false;
        var regions = new List<Region>();
        var heading = "";
        foreach (var cell in document.Elements.Where(c => c.IsMarkdown))
        {
            var lines = SolutionRegions.Lines(cell.Contents);
            IReadOnlyList<SolutionRegion> found;
            try
            {
                found = [.. SolutionRegions.Find(cell.Contents).Where(r => r.IsMarkdown)];
            }
            catch (InvalidDataException)
            {
                broken = true;
                found = [];
            }
            var next = 0;
            double? points = null;
            foreach (var region in found)
            {
                for (; next < region.Begin; next++)
                {
                    if (Heading().Match(lines[next]) is { Success: true } h)
                        (heading, points) = (h.Groups["text"].Value, null);
                    else if (PointsComment().Match(lines[next]) is { Success: true } p)
                        points = double.Parse(p.Groups["points"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
                }
                var text = string.Join('\n', lines[(region.Begin + 1)..region.End]).Trim();
                regions.Add(new Region(Name(heading, regions.Count), points ?? 1, text));
                (next, points) = (region.End + 1, null);
            }
            for (; next < lines.Length; next++)
                if (Heading().Match(lines[next]) is { Success: true } h)
                    heading = h.Groups["text"].Value;
        }
        // The same heading above two regions: the second is "… (2)".
        return [.. regions.Select((r, i) => regions.Take(i).Count(o => o.Question == r.Question) is var before and > 0
            ? r with { Question = $"{r.Question} ({before + 1})" } : r)];
    }

    // "Research question: who are they?" names "who are they?"; a region with no heading above it is "answer N".
    private static string Name(string heading, int index)
    {
        var text = heading.Split(": ", 2) is [_, var after] && after.Trim().Length > 0 ? after.Trim() : heading.Trim();
        return text.Length > 0 ? text : $"answer {index + 1}";
    }
}
