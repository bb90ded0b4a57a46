namespace Vae.Drawing;

/// <summary>
/// One line of a <see cref="Plot.Lines"/> chart, e.g. the test −ELBO per epoch. <paramref name="Dash"/> is a Plotly dash
/// style ("dash", "dot", …; null: solid); a wider line shows around a narrower one drawn on top of it. Non-finite Y
/// values leave a gap.
/// </summary>
public sealed record Series(string Name, double[] X, double[] Y, string? Dash = null, double Width = 2);
