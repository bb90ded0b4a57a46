using Microsoft.DotNet.Interactive.Documents;

using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>
/// A check cell: a C# cell whose code is nothing but calls <c>Check.&lt;name&gt;(…)</c> of the helper's Vae.Checks.Check
/// (comments and blank lines aside). Read by a small scanner rather than a pattern, so arguments may span lines and hold
/// strings and parentheses.
/// </summary>
internal static class CheckCell
{
    /// <summary>What the teacher's check cells call; a student's own class named Check cannot take its place.</summary>
    public const string QualifiedClass = "global::Vae.Checks.Check";

    private static readonly string[] Prefixes = [QualifiedClass + ".", "Vae.Checks.Check.", "Check."];

    /// <summary>The names of the checks a cell calls, in order; null when the cell is not a check cell.</summary>
    public static IReadOnlyList<string>? Names(InteractiveDocumentElement cell) => Scan(cell)?.Select(c => c.Name).ToList();

    /// <summary>The check cell with every call written <c>global::Vae.Checks.Check.&lt;name&gt;</c>; null when it is not one.</summary>
    public static InteractiveDocumentElement? Qualified(InteractiveDocumentElement cell)
    {
        if (Scan(cell) is not { } calls)
            return null;
        var source = cell.Contents;
        foreach (var call in calls.OrderByDescending(c => c.Start))
            source = string.Concat(source.AsSpan(0, call.Start), QualifiedClass + ".", source.AsSpan(call.Start + call.PrefixLength));
        return new InteractiveDocumentElement(source, cell.KernelName);
    }

    private sealed record Call(string Name, int Start, int PrefixLength);

    private static List<Call>? Scan(InteractiveDocumentElement cell)
    {
        if (!cell.IsCSharp)
            return null;
        var text = cell.Contents;
        var calls = new List<Call>();
        var i = SkipTrivia(text, 0);
        while (i < text.Length)
        {
            if (Prefixes.FirstOrDefault(p => string.CompareOrdinal(text, i, p, 0, p.Length) == 0) is not { } prefix)
                return null;
            var start = i;
            i += prefix.Length;
            var nameStart = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                i++;
            if (i == nameStart)
                return null;
            calls.Add(new Call(text[nameStart..i], start, prefix.Length));
            i = SkipTrivia(text, i);
            if (i >= text.Length || text[i] != '(' || SkipParentheses(text, i) is not { } after)
                return null;
            i = SkipTrivia(text, after);
            if (i < text.Length && text[i] == ';')
                i = SkipTrivia(text, i + 1);
        }
        return calls.Count > 0 ? calls : null;
    }

    private static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
                i++;
            else if (string.CompareOrdinal(text, i, "//", 0, 2) == 0)
                i = text.IndexOf('\n', i) is var end and >= 0 ? end + 1 : text.Length;
            else if (string.CompareOrdinal(text, i, "/*", 0, 2) == 0)
                i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) is var close and >= 0 ? close + 2 : text.Length;
            else
                break;
        }
        return i;
    }

    /// <summary>The index after the parenthesis that closes the one at <paramref name="open"/>; null if it never closes.</summary>
    private static int? SkipParentheses(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                        return i + 1;
                    break;
                case '"' or '\'':
                    i = SkipLiteral(text, i);
                    break;
            }
        }
        return null;
    }

    // A string or char literal, verbatim (@"…", "" for a quote) or not; interpolation holes are scanned as text, which is
    // enough for counting parentheses in a check's arguments.
    private static int SkipLiteral(string text, int start)
    {
        var quote = text[start];
        var verbatim = start > 0 && (text[start - 1] == '@' || (start > 1 && text[start - 1] == '$' && text[start - 2] == '@'));
        for (var i = start + 1; i < text.Length; i++)
        {
            if (!verbatim && text[i] == '\\')
                i++;
            else if (text[i] == quote)
            {
                if (verbatim && i + 1 < text.Length && text[i + 1] == quote)
                    i++;
                else
                    return i;
            }
        }
        return text.Length;
    }
}
