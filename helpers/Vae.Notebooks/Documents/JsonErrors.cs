namespace Vae.Notebooks.Documents;

/// <summary>What the formats' messages quote of a JSON reader's error.</summary>
internal static class JsonErrors
{
    /// <summary>A JSON reader's message without the position it appends (" Path: … LineNumber: …"): the part a person reads.</summary>
    public static string FirstPart(string message) => message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
}
