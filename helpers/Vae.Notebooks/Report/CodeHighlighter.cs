using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Vae.Notebooks.Report;

/// <summary>
/// Light C# highlighting from Roslyn's own tokenizer, so a cell is split into tokens exactly as the kernel's compiler
/// splits it (the cells themselves run in the kernel's process): keywords, strings, numbers, comments and directives
/// get a CSS class; everything else is escaped text.
/// </summary>
internal static class CodeHighlighter
{
    private static readonly CSharpParseOptions ScriptParsing = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static string ToHtml(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, ScriptParsing).GetRoot();
        var spans = new List<(TextSpan Span, string Class)>();
        foreach (var token in root.DescendantTokens(descendIntoTrivia: true))
        {
            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
            {
                if (ClassOf(trivia) is { } triviaClass && trivia.Span.Length > 0)
                {
                    spans.Add((trivia.Span, triviaClass));
                }
            }
            if (ClassOf(token) is { } tokenClass && token.Span.Length > 0)
            {
                spans.Add((token.Span, tokenClass));
            }
        }

        var html = new StringBuilder();
        var position = 0;
        foreach (var (span, cssClass) in spans.OrderBy(s => s.Span.Start).ThenByDescending(s => s.Span.Length))
        {
            if (span.Start < position)
            {
                continue; // inside a span already written (a token within a directive, say)
            }
            html.Append(HtmlFormat.Escape(source[position..span.Start]));
            html.Append($"<span class=\"{cssClass}\">").Append(HtmlFormat.Escape(source[span.Start..span.End])).Append("</span>");
            position = span.End;
        }
        return html.Append(HtmlFormat.Escape(source[position..])).ToString();
    }

    private static string? ClassOf(SyntaxTrivia trivia) => trivia.Kind() switch
    {
        SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia or
        SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia => "com",
        _ when trivia.IsDirective => "dir", // #r "…", #load "…": one colour for the whole line
        _ => null,
    };

    private static string? ClassOf(SyntaxToken token)
    {
        var kind = token.Kind();
        if (SyntaxFacts.IsKeywordKind(kind) || (kind == SyntaxKind.IdentifierToken && IsContextualKeyword(token)))
        {
            return "kw";
        }
        return kind switch
        {
            SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or
            SyntaxKind.InterpolatedStringStartToken or SyntaxKind.InterpolatedStringTextToken or
            SyntaxKind.InterpolatedStringEndToken or SyntaxKind.InterpolatedRawStringEndToken or
            SyntaxKind.InterpolatedSingleLineRawStringStartToken or SyntaxKind.InterpolatedMultiLineRawStringStartToken or
            SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or
            SyntaxKind.Utf8StringLiteralToken => "str",
            SyntaxKind.NumericLiteralToken => "num",
            _ => null,
        };
    }

    // var, async, await, ... are identifiers to the tokenizer; colour them unless used as a member name (x.get).
    private static readonly HashSet<string> ContextualKeywords =
        ["var", "await", "async", "nameof", "record", "init", "get", "set", "yield", "when", "dynamic", "required"];

    private static bool IsContextualKeyword(SyntaxToken token) =>
        ContextualKeywords.Contains(token.Text) && token.Parent?.Parent is not MemberAccessExpressionSyntax;
}
