using System.Globalization;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;
using Vae.Drawing.Images;
using Vae.Core;

namespace Vae.Drawing;

/// <summary>
/// The workbook's drawing calls, in the spirit of matplotlib's <c>scatter</c>, <c>imshow</c> and <c>plot</c>: they take
/// tensors (on any device) as a notebook cell computed them and return an interactive <see cref="Figure"/>.
/// </summary>
public static class Plot
{
    /// <summary>
    /// Points (x[i], y[i]), one colour and legend entry per class in <paramref name="color"/> (integer labels), so a
    /// click on the legend hides a class; hovering a point names its class and its index i. With equal axes one unit of
    /// x is as long as one of y, so N(0, I) looks round.
    /// </summary>
    public static Figure Scatter(Tensor x, Tensor y, Tensor? color = null, string title = "", string xLabel = "x", string yLabel = "y",
        IReadOnlyList<string>? classNames = null, bool equalAxes = true)
    {
        var xs = Vector(x, nameof(x));
        var ys = Vector(y, nameof(y));
        var labels = color is null ? new int[xs.Length] : Vector(color, nameof(color)).Select(v => (int)v).ToArray();
        if (ys.Length != xs.Length || labels.Length != xs.Length)
            throw new ArgumentException($"x, y and color need one value per point; got {xs.Length}, {ys.Length} and {labels.Length}.");
        if (xs.Concat(ys).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("x or y holds a non-finite value (did training diverge?).");
        var data = new JsonArray();
        foreach (var label in labels.Distinct().Order())
        {
            var points = Enumerable.Range(0, xs.Length).Where(i => labels[i] == label).ToArray();
            var name = color is null ? "points" : classNames?.ElementAtOrDefault(label) ?? label.ToString(CultureInfo.InvariantCulture);
            data.Add(new JsonObject
            {
                ["type"] = "scatter",
                ["mode"] = "markers",
                ["name"] = name,
                ["x"] = Style.Numbers(points.Select(i => xs[i])),
                ["y"] = Style.Numbers(points.Select(i => ys[i])),
                ["customdata"] = Style.Numbers(points),
                ["marker"] = new JsonObject { ["color"] = Style.Color(label), ["size"] = 5, ["opacity"] = 0.7 },
                ["hovertemplate"] = $"{name}<br>image %{{customdata}}<br>{xLabel} = %{{x:.3f}}<br>{yLabel} = %{{y:.3f}}<extra></extra>",
            });
        }
        var layout = Style.Layout(title, height: 600);
        layout["xaxis"] = Style.Axis(xLabel);
        var yaxis = Style.Axis(yLabel);
        if (equalAxes) (yaxis["scaleanchor"], yaxis["scaleratio"]) = ("x", 1);
        layout["yaxis"] = yaxis;
        layout["legend"] = new JsonObject { ["itemsizing"] = "constant" };
        layout["hovermode"] = "closest";
        return new Figure("scatter", data, layout);
    }

    /// <summary>
    /// One H × W image of values in [0, 1], white on black as MNIST draws digits, square pixels, no axes. For a grid of
    /// tiles, <paramref name="xTicks"/> and <paramref name="yTicks"/> label equal bands across and down the image (e.g.
    /// the z₁ and z₂ of each tile column and row); a few of them are shown.
    /// </summary>
    public static Figure Image(Tensor image, string title = "", Tensor? xTicks = null, Tensor? yTicks = null, string? xLabel = null, string? yLabel = null)
    {
        if (image.ndim != 2)
            throw new ArgumentException($"Plot.Image draws one H × W image; got shape {Tensors.Format(image.shape)}" +
                (image.ndim == 1 && image.shape[0] == 784 ? ": reshape(28, 28) it first." : "."), nameof(image));
        var gray = new GrayImage((int)image.shape[1], (int)image.shape[0], image.ToArray<float>());
        var xaxis = BandTicks(xTicks, gray.Width, xLabel);
        var yaxis = BandTicks(yTicks, gray.Height, yLabel);
        return ImageFigure(gray, title, xaxis, yaxis, maxSide: 600,
            leftMargin: yTicks is null ? 10 : 70, bottomMargin: xTicks is null ? 10 : 50);
    }

    /// <summary>
    /// Images (N × H × W, or N × 784 for 28 × 28 digits) tiled in rows of <paramref name="cols"/> with thin gray gaps,
    /// image k at row k / cols, column k % cols; an optional label beside each row and under each column.
    /// </summary>
    public static Figure Images(Tensor images, int cols, string title = "", IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? colLabels = null)
    {
        const int gap = 2;
        using var scope = NewDisposeScope();
        var x = images.ndim == 2 && images.shape[1] == 784 ? images.reshape(-1, 28, 28) : images;
        if (x.ndim != 3 || x.shape[0] == 0)
            throw new ArgumentException($"Plot.Images tiles N × H × W (or N × 784) images; got shape {Tensors.Format(images.shape)}.", nameof(images));
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), cols, "at least one column");
        var (n, h, w) = (x.shape[0], x.shape[1], x.shape[2]);
        var rows = (int)((n + cols - 1) / cols);
        if (rowLabels is not null && rowLabels.Count != rows)
            throw new ArgumentException($"{rows} rows need {rows} row labels; got {rowLabels.Count}.", nameof(rowLabels));
        if (colLabels is not null && colLabels.Count != cols)
            throw new ArgumentException($"{cols} columns need {cols} column labels; got {colLabels.Count}.", nameof(colLabels));
        // Each tile gets a gap below and to its right, empty places at the end stay black; the tiling is the lecture's
        // reshape (rows, cols, h, w) → swap axes 1 and 2 → (rows·h, cols·w); the last gaps are cut off again.
        var tiles = torch.cat([x.detach().to(float32, CPU), torch.zeros(rows * cols - n, h, w)]);
        tiles = nn.functional.pad(tiles, [0, gap, 0, gap], value: 0.5);
        var grid = tiles.reshape(rows, cols, h + gap, w + gap).swapaxes(1, 2).reshape(rows * (h + gap), cols * (w + gap));
        var image = new GrayImage(cols * (int)(w + gap) - gap, rows * (int)(h + gap) - gap, grid[..^gap, ..^gap].ToArray<float>());
        var yaxis = Style.ImageAxis(rowLabels is null ? null : [.. Enumerable.Range(0, rows).Select(r => r * (h + gap) + (h - 1) / 2.0)], rowLabels);
        var xaxis = Style.ImageAxis(colLabels is null ? null : [.. Enumerable.Range(0, cols).Select(c => c * (w + gap) + (w - 1) / 2.0)], colLabels);
        return ImageFigure(image, title, xaxis, yaxis, maxSide: 800,
            leftMargin: 20 + 7 * (rowLabels?.Max(l => l.Length) ?? 0), bottomMargin: colLabels is null ? 10 : 40);
    }

    /// <summary>Line charts: training curves, statistics per latent coordinate, ROC curves; a log scale on either axis.</summary>
    public static Figure Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logX = false, bool logY = false)
    {
        var data = new JsonArray();
        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            if (line.X.Length != line.Y.Length)
                throw new ArgumentException($"Series \"{line.Name}\" has {line.X.Length} x values but {line.Y.Length} y values.", nameof(series));
            data.Add(new JsonObject
            {
                ["type"] = "scatter",
                // Markers show each epoch; on a ROC curve of thousands of points they would only blur the line.
                ["mode"] = line.X.Length <= 200 ? "lines+markers" : "lines",
                ["name"] = line.Name,
                ["x"] = Style.Numbers(line.X),
                ["y"] = Style.Numbers(line.Y),
                ["line"] = new JsonObject { ["color"] = Style.Color(s), ["width"] = line.Width, ["dash"] = line.Dash ?? "solid" },
                ["marker"] = new JsonObject { ["size"] = 2 + 2 * line.Width },
            });
        }
        var layout = Style.Layout(title, height: 450);
        layout["xaxis"] = Style.Axis(xLabel, logX);
        layout["yaxis"] = Style.Axis(yLabel, logY);
        layout["hovermode"] = "x unified";
        return new Figure("lines", data, layout);
    }

    private static double[] Vector(Tensor t, string name) => t.ndim == 1
        ? t.ToArray<double>()
        : throw new ArgumentException($"{name} must be one value per point (a vector); got shape {Tensors.Format(t.shape)}.", name);

    // Tick labels at the centres of equal bands, about five of them; no ticks: a hidden axis.
    private static JsonObject BandTicks(Tensor? ticks, int pixels, string? label)
    {
        if (ticks is null) return Style.ImageAxis();
        var values = ticks.ToArray<double>();
        var band = (double)pixels / values.Length;
        var shown = Enumerable.Range(0, values.Length).Where(k => k % Math.Max(1, (int)Math.Ceiling(values.Length / 5.0)) == 0).ToArray();
        var axis = Style.ImageAxis([.. shown.Select(k => k * band + (band - 1) / 2)],
            [.. shown.Select(k => values[k].ToString("0.0##", CultureInfo.InvariantCulture))]);
        if (label is not null) axis["title"] = new JsonObject { ["text"] = label };
        return axis;
    }

    private static Figure ImageFigure(GrayImage image, string title, JsonObject xaxis, JsonObject yaxis, int maxSide, int leftMargin, int bottomMargin)
    {
        var scale = Style.DisplayScale(image.Width, image.Height, maxSide, maxScale: 6);
        const int top = 50, right = 10, minWidth = 320;   // a narrow image would squeeze its title under the mode bar
        var layout = Style.Layout(title,
            height: (int)Math.Round(image.Height * scale) + top + bottomMargin,
            width: Math.Max(minWidth, (int)Math.Round(image.Width * scale) + leftMargin + right));
        layout["margin"] = new JsonObject { ["l"] = leftMargin, ["r"] = right, ["t"] = top, ["b"] = bottomMargin };
        // Pixels stay square and row 0 stays on top, as in the image file.
        yaxis["scaleanchor"] = "x";
        yaxis["autorange"] = "reversed";
        layout["xaxis"] = xaxis;
        layout["yaxis"] = yaxis;
        var trace = new JsonObject
        {
            ["type"] = "image",
            ["source"] = image.ToDataUri(),   // a PNG: a 560 × 560 grid costs tens of kB, not megabytes of numbers
            ["zsmooth"] = false,              // crisp pixels when the browser scales the image up
            ["hovertemplate"] = "x %{x}, y %{y}<extra></extra>",
        };
        return new Figure("image", new JsonArray(trace), layout, image);
    }
}
