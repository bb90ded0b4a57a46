namespace Vae.Figures;

/// <summary>
/// One line of a <see cref="Plots.Lines"/> chart, e.g. the test −ELBO per epoch. <paramref name="Dash"/> is a
/// Plotly dash style ("dash", "dot", "dashdot", …); null draws a solid line. Non-finite Y values leave a gap.
/// </summary>
public sealed record Series(string Name, double[] X, double[] Y, string? Dash = null);
