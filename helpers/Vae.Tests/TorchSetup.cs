using System.Runtime.CompilerServices;
using Vae.Data;
using Vae.Drawing;
using Vae.Torch;
using Vae.Training;

namespace Vae.Tests;

internal static class TorchSetup
{
    // Tests call TorchSharp directly, sometimes before any type of Vae.dll (whose own initializer does this) is touched.
    [ModuleInitializer]
    internal static void LoadTorchSharp() => TorchLoader.EnsureLoaded();
}
