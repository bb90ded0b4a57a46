using System.CommandLine;
using Vae.Cli.Notebooks;

// The `vae` command. Each area contributes a subcommand from its own factory.
var root = new RootCommand("VAE workbook: train, sample, run the notebooks") { HelpName = "vae" };
root.Subcommands.Add(NotebooksCommand.Create());
return await root.Parse(args).InvokeAsync();
