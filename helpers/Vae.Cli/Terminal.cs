using Spectre.Console;

namespace Vae.Cli;

/// <summary>
/// The console the commands write to: Spectre's, with colours and live progress in a terminal; plain,
/// unwrapped lines when the output goes to a file or a pipe (logs, CI, the tests).
/// </summary>
internal static class Terminal
{
    public static IAnsiConsole Console { get; } = Create();

    private static IAnsiConsole Create()
    {
        if (!System.Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(System.Console.Out),
        });
        console.Profile.Width = 240;
        return console;
    }
}
