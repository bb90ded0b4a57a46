namespace Vae.Tests.Notebooks.Grading;

/// <summary>A sealed-grading test skips, saying why, only where the machine cannot seal and nothing requires it to.</summary>
public sealed class SealingTests
{
    private const string Refusal = "bubblewrap cannot make a sandbox here (No permissions to create new namespace)";

    [Fact]
    public void AMachineThatCannotSeal_SkipsWithTheReason()
    {
        Assert.Equal($"this machine cannot seal a submission off: {Refusal} (VAE_REQUIRE_SANDBOX=1 makes this a failure)",
            Sealing.SkipReason(Refusal, required: false));
    }

    [Fact]
    public void WhereSealingIsRequired_NothingIsSkipped_SoTheTestFailsOnTheRefusal()
    {
        Assert.Null(Sealing.SkipReason(Refusal, required: true));
        Assert.Null(Sealing.SkipReason(null, required: false));
    }
}
