using System.CommandLine;
using Vae.Cli;
using Vae.Cli.Commands;

var root = new RootCommand("vae: train a variational auto-encoder on MNIST and render the workbook's results headless.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    FiguresCommand.Create(),
    BenchCommand.Create(),
};
return Cli.Run(root, args);
