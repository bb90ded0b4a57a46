using System.Diagnostics;

namespace Vae.Notebooks.Grading;

/// <summary>
/// One submission's hold on memory and processes, as the machine's <see cref="LimitStrategy"/> makes it: a control group
/// the sandbox starts in, or limits set inside the sandbox and watched by the grader. Disposing it ends whatever is left.
/// </summary>
internal abstract class ResourceGroup : IDisposable
{
    /// <summary>The command that starts the sandbox, made to start inside the group (a control group's: a shell that joins it,
    /// then becomes the command, so nothing runs before it is counted).</summary>
    public virtual IReadOnlyList<string> Enter(IReadOnlyList<string> command) => command;

    /// <summary>What the sandbox runs first, inside, before the kernel (the limits a process sets on itself and its children).</summary>
    public virtual IReadOnlyList<string> Inside => [];

    /// <summary>The memory ceiling the grader must hold itself by watching, in bytes (null: the kernel holds it).</summary>
    public virtual long? WatchedMemory => null;

    /// <summary>The ceiling on processes and threads the grader must hold itself by watching (null: the kernel holds it).</summary>
    public virtual int? WatchedProcesses => null;

    /// <summary>The kernel ended a process of the group for going over its memory limit.</summary>
    public virtual bool OutOfMemory => false;

    /// <summary>The most memory the group used at once, in bytes, as the kernel counted it (0 where it does not).</summary>
    public virtual long PeakMemory => 0;

    /// <summary>The sandbox's first process, once started.</summary>
    public virtual void Attach(Process sandbox)
    {
    }

    /// <summary>Ends every process still in the group; returns how many there were.</summary>
    public abstract int EndAll();

    public virtual void Dispose() => EndAll();

    /// <summary>A shell that writes its pid to each file (joining those groups) and then becomes <paramref name="command"/>.</summary>
    protected static IReadOnlyList<string> Joining(IReadOnlyList<string> procsFiles, IReadOnlyList<string> command) =>
    [
        "/bin/sh", "-c", "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n-1)); done; exec \"$@\"",
        "vae-grade", procsFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. procsFiles, .. command,
    ];
}
