using System.Collections;
using System.Net;
using System.Reflection;

namespace Vae.Cli.Notebooks;

/// <summary>Turns a displayed value into text or HTML, the way the report shows it.</summary>
internal static class OutputFormatter
{
    public const string NullText = "<null>";

    private const int MaxItems = 100;

    public static (string MimeType, string Content) Format(object? value) => value switch
    {
        null => (CellOutput.PlainText, NullText),
        HtmlContent html => (CellOutput.Html, html.Html),
        string text => (CellOutput.PlainText, text),
        _ when FindToHtml(value.GetType()) is { } toHtml => (CellOutput.Html, (string?)toHtml.Invoke(value, BindingFlags.DoNotWrapExceptions, null, null, null) ?? ""),
        IEnumerable items when IsDefaultToString(value) => (CellOutput.PlainText, FormatItems(items)),
        _ => (CellOutput.PlainText, value.ToString() ?? ""),
    };

    /// <summary>
    /// A figure is a Plotly chart or an image. Found by looking at the HTML because the figure types live in the
    /// notebooks' helper assembly, which this runner must not depend on.
    /// </summary>
    public static bool LooksLikeFigure(string html) =>
        html.Contains("Plotly.newPlot", StringComparison.Ordinal) ||
        html.Contains("Plotly.react", StringComparison.Ordinal) ||
        html.Contains("<img", StringComparison.OrdinalIgnoreCase) ||
        html.Contains("<svg", StringComparison.OrdinalIgnoreCase);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    // Duck typing on purpose: Figure and GrayImage (helpers/Vae) and any notebook-defined type opt in by
    // having a public string ToHtml(), without referencing this assembly.
    private static MethodInfo? FindToHtml(Type type)
    {
        var method = type.GetMethod("ToHtml", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        return method?.ReturnType == typeof(string) ? method : null;
    }

    // List<int>.ToString() is "System.Collections.Generic.List`1[System.Int32]": show the items instead.
    private static bool IsDefaultToString(object value) =>
        value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object);

    private static string FormatItems(IEnumerable items)
    {
        var shown = items.Cast<object?>().Take(MaxItems + 1).Select(i => i?.ToString() ?? NullText).ToList();
        var more = shown.Count > MaxItems ? ", …" : "";
        return $"[ {string.Join(", ", shown.Take(MaxItems))}{more} ]";
    }
}
