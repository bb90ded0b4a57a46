using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vae.Checks;

/// <summary>
/// One exercise's help, in the steps a student asks for it: the goal the stub states (what goes in, what comes out, its
/// shape), then each hint <see cref="Exercise.Hint(string)"/> gives, first the functions to look up, then the shape of
/// the code. Written by the teacher beside the answer, in the teacher's notebook (<c>// HINT:</c> lines right after the
/// region's <c>// BEGIN SOLUTION</c>); never the code itself.
/// </summary>
/// <param name="Title">The exercise's title, "Task 1 · encode".</param>
/// <param name="Goal">What the stub says the exercise asks for.</param>
/// <param name="Hints">The steps, in the order they are given.</param>
public sealed record ExerciseHints(string Title, string Goal, IReadOnlyList<string> Hints)
{
    /// <summary>The name a student asks by: the title after its "·" ("encode", "training step").</summary>
    [JsonIgnore]
    public string Name => NameOf(Title);

    /// <summary>The name part of a title: "Task 1 · encode" → "encode"; a title without "·" is its own name.</summary>
    public static string NameOf(string title) => title.Split('·', 2) is [_, var name] ? name.Trim() : title.Trim();
}

/// <summary>
/// The hints of one notebook's exercises as a file beside its student edition (<c>01-implementation.hints.json</c>), which
/// <c>vae notebooks generate</c> writes from the teacher's notebook and <see cref="Exercise.Hint(string)"/> reads in the
/// kernel, whose working folder is the notebook's. A file, not text in the notebook, so that a student sees a hint only
/// by asking for it.
/// </summary>
public static class HintsFile
{
    /// <summary>What a hints file's name ends with.</summary>
    public const string Extension = ".hints.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // μ, σ and ⊙ as written, so that a teacher can read the file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record Contents(string Notebook, IReadOnlyList<ExerciseHints> Exercises);

    /// <summary>The file's text for a notebook (its name without extension) and its exercises, in order.</summary>
    public static string Serialize(string notebook, IReadOnlyList<ExerciseHints> exercises) =>
        JsonSerializer.Serialize(new Contents(notebook, exercises), Options).Replace("\r\n", "\n") + "\n";

    /// <summary>The exercises of every hints file in <paramref name="folder"/>, in file-name order.</summary>
    /// <exception cref="InvalidDataException">A hints file that is not what <see cref="Serialize"/> writes.</exception>
    public static IReadOnlyList<ExerciseHints> ReadFolder(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).SelectMany(Read)]
            : [];

    /// <exception cref="InvalidDataException">Not what <see cref="Serialize"/> writes.</exception>
    public static IReadOnlyList<ExerciseHints> Read(string path)
    {
        try
        {
            var contents = JsonSerializer.Deserialize<Contents>(File.ReadAllText(path), Options);
            if (contents?.Exercises is not { } exercises || exercises.Any(e => e?.Title is null || e.Hints is null))
                throw new InvalidDataException($"{path}: not a hints file; run ./vae notebooks generate to write it again");
            return exercises;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a hints file ({e.Message}); run ./vae notebooks generate to write it again", e);
        }
    }
}
