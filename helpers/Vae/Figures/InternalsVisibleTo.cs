using System.Runtime.CompilerServices;

// The tests reach PlotlyInline (a fresh once-per-process state) and NotebookDisplay.TryRegister.
[assembly: InternalsVisibleTo("Vae.Tests")]
