using System.CommandLine;
using Vae.Notebooks.Grading;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae notebooks gradebook --out DIR [SHARD…] [--roster students.csv]</c>: merges the results that shards graded into DIR
/// and makes its gradebook again; without shards, makes it again from what DIR holds (after points were typed into manual.csv).
/// </summary>
public static class GradebookCommand
{
    private const string Name = "vae notebooks gradebook";

    public static Command Create()
    {
        var shards = new Argument<string[]>("shards")
        {
            Description = "The --out folders of shards (vae notebooks grade --shard K/N) to merge in; none: make DIR's gradebook again.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "The course's gradebook folder (required)." };
        var roster = new Option<string?>("--roster") { Description = "The class list as CSV (default: the one the folder keeps)." };
        var against = new Option<string?>("--against") { Description = "The teacher notebook the class was graded against, for its points (default: the workbook's)." };
        var command = new Command("gradebook", "Merge shards' results into a gradebook, or make it again after manual grading.") { shards, output, roster, against };
        command.SetAction(parsed => Cli.Guard(Name, parsed.InvocationConfiguration.Error, () =>
        {
            var outDir = parsed.GetValue(output);
            if (string.IsNullOrWhiteSpace(outDir))
                throw new ArgumentException("--out <folder> is required: the gradebook's folder");
            var progress = parsed.InvocationConfiguration.Output;
            var book = ClassGrader.Merge(parsed.GetValue(shards) ?? [], outDir, parsed.GetValue(against), parsed.GetValue(roster), progress);
            Describe(book, progress, $"{book.Submissions} files graded");
            return 0;
        }));
        return command;
    }

    /// <summary>The lines that end a grading or a merge: where the gradebook is, what is left to do, what to look at.</summary>
    public static void Describe(WrittenGradebook book, TextWriter output, string what)
    {
        output.WriteLine($"gradebook: {book.HtmlPath} ({book.Students} students, {what})");
        if (book.ToGrade > 0)
            output.WriteLine($"{book.ToGrade} written answers to grade: type points (and comments) into {Path.Combine(Path.GetDirectoryName(book.HtmlPath)!, Gradebook.ManualName)}, " +
                             $"then: {Name} --out {Path.GetDirectoryName(book.HtmlPath)}");
        foreach (var problem in book.Problems)
            output.WriteLine($"to look at: {problem}");
    }
}
