using System.Globalization;
using System.Text.Json.Nodes;

namespace Vae.Figures;

/// <summary>The workbook's figures, named after the lecture's tasks. All take managed arrays, never tensors.</summary>
public static class Plots
{
    /// <summary>
    /// Task 2: the encoder means μ of (test) images in the 2-D latent space, one trace per label so that each
    /// digit has its own colour and legend entry (click a legend entry to hide that digit).
    /// </summary>
    /// <param name="z">N × 2 values, row-major: (z₁, z₂) of image i at 2i, 2i + 1.</param>
    /// <param name="labels">N labels, e.g. digits 0–9.</param>
    /// <param name="indices">N image indices shown on hover (default 0 … N − 1).</param>
    public static Figure LatentScatter(
        float[] z,
        int[] labels,
        int[]? indices = null,
        string title = "Learned encoding: encoder means μ of test images",
        string xTitle = "z₁",
        string yTitle = "z₂")
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(labels);
        if (z.Length != 2L * labels.Length)
            throw new ArgumentException(
                $"z must hold 2 values per label (N × 2, row-major): {labels.Length} labels need {2L * labels.Length} values, got {z.Length}.",
                nameof(z));
        if (indices is not null && indices.Length != labels.Length)
            throw new ArgumentException($"indices must hold one index per label: {labels.Length} labels, {indices.Length} indices.", nameof(indices));
        for (var i = 0; i < z.Length; i++)
            if (!float.IsFinite(z[i]))
                throw new ArgumentException(
                    $"z of point {i / 2} is {z[i]}: the encoder produced non-finite means (did training diverge?).", nameof(z));

        var data = new JsonArray();
        foreach (var label in labels.Distinct().Order())
        {
            var points = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray();
            var name = label.ToString(CultureInfo.InvariantCulture);
            data.Add(new JsonObject
            {
                ["type"] = "scatter",
                ["mode"] = "markers",
                ["name"] = name,
                ["x"] = Style.Numbers(points.Select(i => z[2 * i])),
                ["y"] = Style.Numbers(points.Select(i => z[2 * i + 1])),
                ["customdata"] = Style.Numbers(points.Select(i => indices?[i] ?? i)),
                ["marker"] = new JsonObject { ["color"] = Style.Color(label), ["size"] = 5, ["opacity"] = 0.7 },
                ["hovertemplate"] =
                    $"label {name}<br>image %{{customdata}}<br>{xTitle} = %{{x:.3f}}<br>{yTitle} = %{{y:.3f}}<extra></extra>",
            });
        }

        var layout = Style.Layout(title, height: 600);
        layout["xaxis"] = Style.Axis(xTitle);
        var yaxis = Style.Axis(yTitle);
        // One unit of z₁ as long as one of z₂: the prior N(0, I) should look round, not stretched.
        yaxis["scaleanchor"] = "x";
        yaxis["scaleratio"] = 1;
        layout["yaxis"] = yaxis;
        layout["legend"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "label" }, ["itemsizing"] = "constant" };
        layout["hovermode"] = "closest";
        return new Figure("scatter", data, layout);
    }

    /// <summary>
    /// An image as MNIST draws it, white on black, with square pixels and no axes. The pixels travel as a PNG
    /// (an image trace's source) rather than a matrix of numbers, so a 560 × 560 manifold costs tens of kB, not MBs.
    /// </summary>
    public static Figure Image(GrayImage image, string title) =>
        ImageFigure(image, title, Style.ImageAxis(), Style.ImageAxis(), maxSide: 600, leftMargin: 10);

    /// <summary>
    /// Task 4: the decoded grid of <paramref name="grid"/> (from <see cref="LatentGrid.Tile"/>), with z₁ and z₂
    /// ticks along the axes, oriented like the latent scatter plot: z₁ grows to the right, z₂ upwards.
    /// </summary>
    public static Figure Manifold(GrayImage image, LatentGrid grid, string title = "Learned latent space: decoded grid of z")
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(grid);
        if (image.Width % grid.Size != 0 || image.Height % grid.Size != 0)
            throw new ArgumentException(
                $"A {image.Width}×{image.Height} image is not a {grid.Size}×{grid.Size} grid of equal tiles.", nameof(image));
        double tileWidth = image.Width / grid.Size, tileHeight = image.Height / grid.Size;
        // About five labelled ticks per axis, at tile centres (an image trace puts pixel i at coordinate i).
        var every = Math.Max(1, (int)Math.Ceiling(grid.Size / 5.0));
        var ticks = Enumerable.Range(0, grid.Size).Where(k => k % every == 0).ToArray();
        var xaxis = Style.ImageAxis(
            ticks.Select(c => c * tileWidth + (tileWidth - 1) / 2).ToArray(),
            ticks.Select(c => Format(grid.Z1(c))).ToArray());
        xaxis["title"] = new JsonObject { ["text"] = "z₁" };
        var rows = ticks.Select(k => grid.Size - 1 - k).ToArray();  // the same z₂ values as z₁ gets, bottom up
        var yaxis = Style.ImageAxis(
            rows.Select(r => r * tileHeight + (tileHeight - 1) / 2).ToArray(),
            rows.Select(r => Format(grid.Z2(r))).ToArray());
        yaxis["title"] = new JsonObject { ["text"] = "z₂" };
        return ImageFigure(image, title, xaxis, yaxis, maxSide: 600, leftMargin: 70, bottomMargin: 50);
    }

    /// <summary>
    /// Task 3: originals on the top row, their reconstructions decode(μ(x)) below, one column per image,
    /// shown as one composite image. A single pair is N = 1. Captions (e.g. "#17") go under the columns.
    /// </summary>
    public static Figure ImagePairs(
        IReadOnlyList<GrayImage> originals,
        IReadOnlyList<GrayImage> reconstructions,
        IReadOnlyList<string>? captions = null,
        string title = "Learned decoding: originals and reconstructions")
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(reconstructions);
        if (originals.Count == 0 || originals.Count != reconstructions.Count)
            throw new ArgumentException(
                $"Each original needs one reconstruction: got {originals.Count} originals and {reconstructions.Count} reconstructions.");
        if (captions is not null && captions.Count != originals.Count)
            throw new ArgumentException($"{originals.Count} pairs need {originals.Count} captions; got {captions.Count}.", nameof(captions));

        const int gap = 2;
        var n = originals.Count;
        var composite = Tiling.Tile([.. originals, .. reconstructions], rows: 2, cols: n, gap);
        int width = originals[0].Width, height = originals[0].Height;
        var yaxis = Style.ImageAxis(
            [(height - 1) / 2.0, height + gap + (height - 1) / 2.0],
            ["original", "reconstruction"]);
        var xaxis = captions is null
            ? Style.ImageAxis()
            : Style.ImageAxis(
                Enumerable.Range(0, n).Select(c => c * (width + gap) + (width - 1) / 2.0).ToArray(),
                captions.ToArray());
        return ImageFigure(composite, title, xaxis, yaxis, maxSide: 800, leftMargin: 110, bottomMargin: captions is null ? 10 : 40);
    }

    /// <summary>
    /// Equal-sized images in a grid of rows × cols (image k at row k / cols, column k % cols), one composite image,
    /// with a label beside each row and, if given, under each column: latent traversals (a row per coordinate),
    /// interpolations, one model per row side by side.
    /// </summary>
    public static Figure ImageGrid(
        IReadOnlyList<GrayImage> images,
        int cols,
        IReadOnlyList<string> rowLabels,
        IReadOnlyList<string>? colLabels,
        string title)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rowLabels);
        if (cols < 1 || images.Count == 0 || images.Count % cols != 0)
            throw new ArgumentException($"{images.Count} images do not fill whole rows of {cols}.", nameof(images));
        var rows = images.Count / cols;
        if (rowLabels.Count != rows)
            throw new ArgumentException($"{rows} rows need {rows} row labels; got {rowLabels.Count}.", nameof(rowLabels));
        if (colLabels is not null && colLabels.Count != cols)
            throw new ArgumentException($"{cols} columns need {cols} column labels; got {colLabels.Count}.", nameof(colLabels));

        const int gap = 2;
        var composite = Tiling.Tile(images, rows, cols, gap);
        int width = images[0].Width, height = images[0].Height;
        var yaxis = Style.ImageAxis(
            Enumerable.Range(0, rows).Select(r => r * (height + gap) + (height - 1) / 2.0).ToArray(), rowLabels.ToArray());
        var xaxis = colLabels is null
            ? Style.ImageAxis()
            : Style.ImageAxis(Enumerable.Range(0, cols).Select(c => c * (width + gap) + (width - 1) / 2.0).ToArray(), colLabels.ToArray());
        var leftMargin = 20 + 7 * rowLabels.Max(l => l.Length);
        return ImageFigure(composite, title, xaxis, yaxis, maxSide: 800, leftMargin, bottomMargin: colLabels is null ? 10 : 40);
    }

    /// <summary>Line charts: training curves (−ELBO, reconstruction and KL per epoch), ROC curves.</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, params Series[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var data = new JsonArray();
        for (var s = 0; s < series.Length; s++)
        {
            var line = series[s] ?? throw new ArgumentException($"Series {s} is null.", nameof(series));
            ArgumentNullException.ThrowIfNull(line.X);
            ArgumentNullException.ThrowIfNull(line.Y);
            if (line.X.Length != line.Y.Length)
                throw new ArgumentException(
                    $"Series \"{line.Name}\" has {line.X.Length} x values but {line.Y.Length} y values.", nameof(series));
            var style = new JsonObject { ["color"] = Style.Color(s), ["width"] = 2 };
            if (line.Dash is not null)
                style["dash"] = line.Dash;
            data.Add(new JsonObject
            {
                ["type"] = "scatter",
                // Markers show each epoch; on a ROC curve of thousands of points they would only blur the line.
                ["mode"] = line.X.Length <= 200 ? "lines+markers" : "lines",
                ["name"] = line.Name,
                ["x"] = Style.Numbers(line.X),
                ["y"] = Style.Numbers(line.Y),
                ["line"] = style,
                ["marker"] = new JsonObject { ["size"] = 6 },
            });
        }
        var layout = Style.Layout(title, height: 450);
        layout["xaxis"] = Style.Axis(xTitle);
        layout["yaxis"] = Style.Axis(yTitle);
        layout["hovermode"] = "x unified";
        return new Figure("lines", data, layout);
    }

    private static Figure ImageFigure(
        GrayImage image, string title, JsonObject xaxis, JsonObject yaxis, int maxSide, int leftMargin, int bottomMargin = 10)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scale = Style.DisplayScale(image.Width, image.Height, maxSide, maxScale: 6);
        const int top = 50, right = 10;
        // A single narrow pair would otherwise squeeze its title under the mode bar; the image stays centred.
        const int minWidth = 320;
        var layout = Style.Layout(
            title,
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
            ["source"] = image.ToDataUri(),
            ["zsmooth"] = false,  // crisp pixels when the browser scales the image up
            ["hovertemplate"] = "x %{x}, y %{y}<extra></extra>",
        };
        return new Figure("image", new JsonArray(trace), layout, image);
    }

    private static string Format(float value) => value.ToString("0.0##", CultureInfo.InvariantCulture);
}
