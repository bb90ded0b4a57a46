using System.CommandLine;
using Vae.Cli;
using Vae.Cli.Commands;


// The `vae` command (run through ../../vae). Each area contributes a subcommand from its own factory.
var root = new RootCommand("vae: train a variational auto-encoder on MNIST and render the workbook's results headless.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    FiguresCommand.Create(),
    SampleCommand.Create(),
    ScoreCommand.Create(),
    NotebooksCommand.Create(),
    BenchCommand.Create(),
};
root.HelpName = "vae";
return await Cli.RunAsync(root, args);
