using System.Runtime.CompilerServices;
using Vae.Torch;

namespace Vae.Cli;

internal static class TorchSetup
{
    // Commands call TorchSharp directly (bench sets its threads first), sometimes before any type of Vae.dll is touched.
    [ModuleInitializer]
    internal static void LoadTorchSharp() => TorchLoader.EnsureLoaded();
}
