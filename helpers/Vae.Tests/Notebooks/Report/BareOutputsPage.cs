using System.Net;
using Vae.Notebooks.Running;

namespace Vae.Tests.Notebooks.Report;

/// <summary>
/// Cell outputs exactly as the kernel sent them, one after another in an otherwise empty page: no plotly.js in the
/// head, nothing from the report. This is how VS Code's notebook webview holds them, so a chart that draws here
/// draws there, whichever other outputs were cleared.
/// </summary>
internal static class BareOutputsPage
{
    public static string Write(string path, IEnumerable<CellOutput> outputs)
    {
        var body = string.Concat(outputs.Select(o => o.IsHtml
            ? $"<div class=\"output\">{o.Content}</div>\n"
            : $"<pre>{WebUtility.HtmlEncode(o.Content)}</pre>\n"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>outputs</title></head>\n<body>\n{body}</body>\n</html>\n");
        return path;
    }
}
