using Vae.Core;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// Runs a program as a teacher runs it: an ordinary user (uid and gid 65534, no groups, no capabilities). The tests run as
/// root in CI, so there the program runs under `setpriv`, inside a mount namespace of its own (`unshare --mount`) in which
/// root's home is replaced by a world-readable tmpfs holding only root's NuGet cache and .NET CLI home (its tool resolver
/// cache) and the way to the workbook: the packages the build restored, readable as a teacher's own are to the teacher,
/// and nothing else of root's.
/// Run as an ordinary user already, the tests run the program as they are.
/// </summary>
internal static class OrdinaryUser
{
    public const int Id = 65534;

    // $1: root's home; $2: a home for the ordinary user; $3: the workbook; then the program and its arguments.
    // expose DIR NAME…: DIR becomes a world-readable tmpfs showing only DIR/NAME… (bound back from the real DIR), so that the
    // ordinary user can pass through DIR to them and see nothing else of it. Root's home is exposed so, and so is each folder
    // on the workbook's path that others cannot pass (a checkout in root's home, or under a 0700 temporary folder).
    private const string Script = """
        set -e
        home=$1; userhome=$2; workbook=$3; shift 3
        expose() {
          dir=$1; shift
          stage=$(mktemp -d)
          for name in "$@"; do
            if [ -e "$dir/$name" ]; then mkdir "$stage/$name"; mount --rbind "$dir/$name" "$stage/$name"; fi
          done
          mount -t tmpfs -o mode=755 tmpfs "$dir"
          for name in "$@"; do
            if [ -d "$stage/$name" ]; then mkdir "$dir/$name"; mount --move "$stage/$name" "$dir/$name"; fi
          done
          for name in "$@"; do rmdir "$stage/$name" 2>/dev/null || true; done
          rmdir "$stage"
        }
        # The first folder below $1 on the way to $2, or nothing when $2 does not lie below $1.
        below() { case "$2" in "$1"/*) rest=${2#"$1"/}; echo "${rest%%/*}";; esac; }
        expose "$home" .nuget .dotnet $(below "$home" "$workbook")
        # Each folder on the way whose mode lacks the others' x bit (stat's octal mode is odd when it has it).
        dir=/
        IFS=/
        for name in ${workbook#/}; do
          if [ $(( $(stat -c %a "$dir") % 2 )) -eq 0 ]; then expose "$dir" "$name"; fi
          dir=${dir%/}/$name
        done
        unset IFS
        exec setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH="$PATH" HOME="$userhome" \
          DOTNET_CLI_HOME="${DOTNET_CLI_HOME:-$home}" NUGET_PACKAGES="${NUGET_PACKAGES:-$home/.nuget/packages}" \
          ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 "$@"
        """;

    /// <summary>Why the ordinary user's run cannot be made here, null when it can (it is then also able to seal).</summary>
    public static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            var run = Run("bwrap", ["--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"], TimeSpan.FromSeconds(30));
            return run.ExitCode == 0 ? null : $"as uid {Id}: {(run.Output + run.Error).Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    });

    /// <summary>Runs <paramref name="program"/> as the ordinary user (as the tests' own user where that is not root).</summary>
    public static ChildProcess.Result Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        if (!Environment.IsPrivilegedProcess)
            return ChildProcess.Run(program, arguments, timeout: timeout);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var userHome = Writable(TestPaths.TempDirectory("ordinary-user-home"));
        try
        {
            return ChildProcess.Run("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", Script, "sh", home, userHome, Repository.Root, program, .. arguments],
                workingDirectory: "/", timeout: timeout);
        }
        finally
        {
            Directory.Delete(userHome, recursive: true);
        }
    }

    /// <summary>Makes <paramref name="folder"/> the ordinary user's (where the tests run as root), to write in.</summary>
    public static string Writable(string folder)
    {
        if (Environment.IsPrivilegedProcess)
        {
            var chown = ChildProcess.Run("chown", ["-R", $"{Id}:{Id}", folder]);
            if (chown.ExitCode != 0)
                throw new InvalidOperationException($"chown {folder}: {chown.Error.Trim()}");
        }
        return folder;
    }
}
