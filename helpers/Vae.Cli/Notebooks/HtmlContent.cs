namespace Vae.Cli.Notebooks;

/// <summary>Raw HTML for a cell output, made by <c>HTML("...")</c> as in .NET Interactive.</summary>
public sealed record HtmlContent(string Html)
{
    public override string ToString() => Html;
}
