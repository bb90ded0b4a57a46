using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// Whether this machine can seal a submission off (bubblewrap and user namespaces: a chroot, or Docker's default seccomp
/// profile, refuses them), and whether it must: where <see cref="RequiredVariable"/> is 1 (CI sets it in .ci/run) a machine
/// that cannot seal fails the sealed-grading tests instead of skipping them, so a skip can never hide a broken seal.
/// </summary>
internal static class Sealing
{
    public const string RequiredVariable = "VAE_REQUIRE_SANDBOX";

    /// <summary>Why this machine cannot seal (what `vae notebooks grade` would refuse with), null when it can.</summary>
    public static readonly Lazy<string?> Unavailable = new(() => Sandbox.Locate(KernelHost.Default).Unavailable);

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    /// <summary>The reason to skip a sealed-grading test here, null when it runs (it can seal, or it must).</summary>
    public static string? SkipReason(string? why) => SkipReason(why, Required);

    public static string? SkipReason(string? why, bool required) =>
        why is null || required ? null : $"this machine cannot seal a submission off: {why} ({RequiredVariable}=1 makes this a failure)";
}

/// <summary>A test that grades sealed off: skipped, saying why, where the machine cannot seal and nothing requires it.</summary>
public sealed class SealedFactAttribute : FactAttribute
{
    public SealedFactAttribute()
    {
        if (Sealing.SkipReason(Sealing.Unavailable.Value) is { } why)
            Skip = why;
    }
}

/// <summary>A sealed-grading test that runs the grader as an ordinary user (see <see cref="OrdinaryUser"/>); skipped as a
/// <see cref="SealedFactAttribute"/> is, and where root cannot make the ordinary user's view of the machine.</summary>
public sealed class OrdinaryUserSealedFactAttribute : FactAttribute
{
    public OrdinaryUserSealedFactAttribute()
    {
        if (Sealing.SkipReason(Sealing.Unavailable.Value ?? OrdinaryUser.Unavailable.Value) is { } why)
            Skip = why;
    }
}

/// <summary>A sealed-grading test of the grader run as root: where the tests do not run as root, the ordinary user's run covers it.</summary>
public sealed class RootSealedFactAttribute : FactAttribute
{
    public RootSealedFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "the tests run as an ordinary user: the grader runs as root only where they do";
        else if (Sealing.SkipReason(Sealing.Unavailable.Value) is { } why)
            Skip = why;
    }
}
