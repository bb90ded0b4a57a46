namespace Vae.CompileErrors;

/// <summary>
/// One error the C# compiler reported for a notebook cell, as the kernel passes it on: its code ("CS0102"), its message,
/// and where it starts in the cell (0-based line and column, as the kernel counts them).
/// </summary>
public sealed record CompilerError(string Code, string Message, int Line, int Column);
