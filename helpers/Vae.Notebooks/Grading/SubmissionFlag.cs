namespace Vae.Notebooks.Grading;

/// <summary>What a submission's row points out without failing it: a region the grader could not take, or code worth a look.</summary>
public enum SubmissionFlagKind
{
    /// <summary>The exercise's BEGIN/END SOLUTION markers are missing or do not pair up: the region was not taken, its stub ran.</summary>
    MarkersBroken,
    /// <summary>The region calls the workbook's own reference (Elbo, MlpVae, LectureFigures, the checks…) instead of writing the code.</summary>
    CallsReference,
    /// <summary>The region reaches into the runtime or the kernel (reflection, formatters, the environment, processes).</summary>
    ReachesOutside,
}

/// <summary>One flag on a submission: its kind, the exercise's title, and what was found (the names it calls).</summary>
public sealed record SubmissionFlag(SubmissionFlagKind Kind, string Exercise, string Detail = "")
{
    /// <summary>A row's flags in words: "markers broken: Task 1 · encode; calls the reference: Task 2 · encoding (Elbo)".</summary>
    public static string Describe(IEnumerable<SubmissionFlag> flags) => string.Join("; ", flags.Select(f => f.Kind switch
    {
        SubmissionFlagKind.MarkersBroken => $"markers broken: {f.Exercise}",
        SubmissionFlagKind.CallsReference => $"calls the reference: {f.Exercise} ({f.Detail})",
        _ => $"reaches outside: {f.Exercise} ({f.Detail})",
    }));
}
