using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>How a submission's grading ended.</summary>
public enum SubmissionEnd
{
    /// <summary>Every cell ran (each passing or failing on its own).</summary>
    Completed,
    /// <summary>The submission ran past its wall-clock limit.</summary>
    TimeLimit,
    /// <summary>Its processes went over the memory limit and were ended.</summary>
    MemoryLimit,
    /// <summary>It filled its scratch disk: a write failed with "no space left on device" (the other cells ran on).</summary>
    DiskLimit,
    /// <summary>Its processes and threads reached the grader's ceiling where no kernel mechanism holds one, and were ended.</summary>
    ProcessLimit,
    /// <summary>The kernel process died for another reason.</summary>
    KernelStopped,
    /// <summary>The kernel did not start.</summary>
    KernelDidNotStart,
    /// <summary>The file is no notebook the grader reads; <see cref="SubmissionGrade.Refusal"/> says which kind.</summary>
    Refused,
    /// <summary>It matches no teacher notebook.</summary>
    NoMatchingEdition,
}

/// <summary>The words a gradebook uses for a submission's end.</summary>
public static class SubmissionEnds
{
    public static string Describe(SubmissionEnd end, NotebookRefusal? refusal = null) => end switch
    {
        SubmissionEnd.Completed => "completed",
        SubmissionEnd.TimeLimit => "time limit",
        SubmissionEnd.MemoryLimit => "memory limit",
        SubmissionEnd.DiskLimit => "disk limit",
        SubmissionEnd.ProcessLimit => "process limit",
        SubmissionEnd.KernelStopped => "kernel stopped",
        SubmissionEnd.KernelDidNotStart => "kernel did not start",
        SubmissionEnd.Refused => NotebookRefusals.Describe(refusal ?? NotebookRefusal.Malformed),
        SubmissionEnd.NoMatchingEdition => "no matching teacher notebook",
        _ => end.ToString(),
    };
}
