using System.Text.Json.Nodes;

namespace Vae.Drawing;

/// <summary>The look shared by all figures, kept in one place so the notebooks look like one workbook.</summary>
public static class Style
{
    /// <summary>
    /// D3's category10 (Tableau's classic 10): ten colours that stay distinguishable side by side,
    /// indexed by digit so that "3" has the same colour in every figure.
    /// </summary>
    public static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public static string Color(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    // plotly.js bundles no templates (plotly_white lives in the Python package), so the white look is spelled out.
    internal static JsonObject Layout(string title, int height, int? width = null)
    {
        var layout = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title, ["x"] = 0.02, ["xanchor"] = "left" },
            ["font"] = new JsonObject
            {
                ["family"] = "\"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif",
                ["size"] = 13,
                ["color"] = "#2a3f5f",
            },
            ["paper_bgcolor"] = "white",
            ["plot_bgcolor"] = "white",
            ["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 50 },
            ["height"] = height,
        };
        if (width is { } w)
            layout["width"] = w;
        return layout;
    }

    internal static JsonObject Axis(string title, bool log = false) => new()
    {
        ["title"] = new JsonObject { ["text"] = title },
        ["type"] = log ? "log" : "linear",
        ["gridcolor"] = "#ebf0f8",
        ["zerolinecolor"] = "#c8d4e3",
        ["linecolor"] = "#c8d4e3",
        ["showline"] = true,
        ["mirror"] = true,
        ["ticks"] = "outside",
    };

    /// <summary>An axis over image pixels: no grid, no zero line; labelled ticks only where a caller asks.</summary>
    internal static JsonObject ImageAxis(IReadOnlyList<double>? tickValues = null, IReadOnlyList<string>? tickText = null)
    {
        var axis = new JsonObject
        {
            ["showgrid"] = false,
            ["zeroline"] = false,
            ["constrain"] = "domain",
        };
        if (tickValues is null || tickText is null)
        {
            axis["visible"] = false;
            return axis;
        }
        axis["tickmode"] = "array";
        axis["tickvals"] = new JsonArray(tickValues.Select(v => (JsonNode?)v).ToArray());
        axis["ticktext"] = new JsonArray(tickText.Select(t => (JsonNode?)t).ToArray());
        axis["ticks"] = "";
        return axis;
    }

    /// <summary>
    /// How many screen pixels per image pixel: large enough that a 28 × 28 digit is legible,
    /// small enough that the longer side stays within <paramref name="maxSide"/>.
    /// </summary>
    internal static double DisplayScale(int width, int height, int maxSide, double maxScale) =>
        Math.Min(maxScale, (double)maxSide / Math.Max(width, height));

    internal static JsonArray Numbers(IEnumerable<int> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Plotly draws null as a gap; JSON has no NaN.</summary>
    internal static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => double.IsFinite(v) ? (JsonNode?)JsonValue.Create(v) : null).ToArray());

    /// <summary>z₁, z₁₂: a latent coordinate's number as a subscript.</summary>
    public static string Subscript(int j) =>
        string.Concat(j.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}
