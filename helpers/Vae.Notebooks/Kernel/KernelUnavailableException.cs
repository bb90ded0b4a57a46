namespace Vae.Notebooks.Kernel;

/// <summary>The kernel process did not start, or stopped answering: a set-up problem, reported as one line.</summary>
public sealed class KernelUnavailableException(string message) : IOException(message);
