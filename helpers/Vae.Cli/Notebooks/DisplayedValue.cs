namespace Vae.Cli.Notebooks;

/// <summary>
/// The handle <c>display(...)</c> returns, as in .NET Interactive: <see cref="Update"/> replaces that output in
/// place (e.g. a loss curve redrawn every epoch); the report shows the last value.
/// </summary>
public sealed class DisplayedValue
{
    private readonly CellOutput output;

    internal DisplayedValue(CellOutput output) => this.output = output;

    public void Update(object? value)
    {
        var (mimeType, content) = OutputFormatter.Format(value);
        output.Replace(mimeType, content);
    }
}
