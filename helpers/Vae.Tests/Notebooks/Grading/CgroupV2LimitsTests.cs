using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// The cgroup v2 path, which these machines cannot try (their memory controller is bound to cgroup v1): which group it
/// takes from /proc/self/mountinfo and /proc/self/cgroup, why it passes one over, and the files it writes, read back from a
/// folder laid out as a delegated group is (a systemd scope with Delegate=yes).
/// </summary>
public sealed class CgroupV2LimitsTests : IDisposable
{
    private readonly string mount = TestPaths.TempDirectory("cgroup2");

    public void Dispose() => Directory.Delete(mount, recursive: true);

    private string MountInfo => $"30 1 0:26 / {mount} rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n" +
                                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";

    private const string Scope = "/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1.scope";

    private string Group(string controllers, string enabled = "")
    {
        var group = Path.Combine(mount, Scope.TrimStart('/'));
        Directory.CreateDirectory(group);
        File.WriteAllText(Path.Combine(group, "cgroup.controllers"), controllers + "\n");
        File.WriteAllText(Path.Combine(group, "cgroup.subtree_control"), enabled + "\n");
        File.WriteAllText(Path.Combine(group, "cgroup.procs"), "4242\n");
        return group;
    }

    [Fact]
    public void WithoutACgroup2Mount_ItSaysSo()
    {
        Assert.Null(CgroupV2Limits.Delegated("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n", "0::/\n", 4242, out var why));
        Assert.Equal("no cgroup2 file system is mounted for this process", why);
    }

    [Fact]
    public void AGroupWithoutMemoryAndPids_IsPassedOver_NamingWhatItOffers()
    {
        // As on the hybrid machines here: cgroup2 at /sys/fs/cgroup/unified with hugetlb alone.
        var group = Group("hugetlb");
        Assert.Null(CgroupV2Limits.Delegated(MountInfo, $"4:memory:/x\n0::{Scope}\n", 4242, out var why));
        Assert.Equal($"{group} does not offer the memory and pids controllers (it offers: hugetlb)", why);
    }

    [Fact]
    public void ADelegatedGroup_GetsALeafForTheGrader_ControllersForItsChildren_AndLimitsPerSubmission()
    {
        var group = Group("cpu memory pids");

        var limits = CgroupV2Limits.Delegated(MountInfo, $"0::{Scope}\n", 4242, out var why);

        Assert.True(limits is not null, why);
        Assert.Equal(new SealLimits(LimitHolder.CgroupV2, LimitHolder.CgroupV2, LimitHolder.Tmpfs), limits.Holders);
        // The grader moved itself out of the group whose children get the controllers ("no internal processes").
        Assert.Equal("4242", File.ReadAllText(Path.Combine(group, "vae-grader-4242", "cgroup.procs")));
        Assert.Equal("+memory +pids", File.ReadAllText(Path.Combine(group, "cgroup.subtree_control")));

        using var submission = limits.Create("vae-grade-1", 700L << 20, 1024);
        var path = Path.Combine(group, "vae-grade-1");
        Assert.Equal("734003200", File.ReadAllText(Path.Combine(path, "memory.max")));
        Assert.Equal("1024", File.ReadAllText(Path.Combine(path, "pids.max")));
        Assert.Equal(["/bin/sh", "-c"], submission.Enter(["bwrap", "--unshare-all"]).Take(2));
        Assert.Equal(["1", Path.Combine(path, "cgroup.procs"), "bwrap", "--unshare-all"], submission.Enter(["bwrap", "--unshare-all"]).Skip(4));
        Assert.False(submission.OutOfMemory);
        File.WriteAllText(Path.Combine(path, "memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        Assert.True(submission.OutOfMemory);
        File.WriteAllText(Path.Combine(path, "memory.peak"), "734003200\n");
        Assert.Equal(700L << 20, submission.PeakMemory);
        Assert.Empty(submission.Inside);
    }

    [Fact]
    public void SwapIsCappedAtNothing_WhereTheGroupAccountsIt()
    {
        var group = Group("memory pids", enabled: "memory pids");
        var limits = CgroupV2Limits.Delegated(MountInfo, $"0::{Scope}\n", 4242, out var why);
        Assert.True(limits is not null, why);
        var path = Directory.CreateDirectory(Path.Combine(group, "vae-grade-2")).FullName;
        File.WriteAllText(Path.Combine(path, "memory.swap.max"), "max\n");

        using var submission = limits.Create("vae-grade-2", 1L << 30, 64);

        Assert.Equal("0", File.ReadAllText(Path.Combine(path, "memory.swap.max")));
        // Its children had the controllers already: the grader stayed where it was.
        Assert.False(Directory.Exists(Path.Combine(group, "vae-grader-4242")));
    }
}
