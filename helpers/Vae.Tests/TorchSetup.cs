using System.Runtime.CompilerServices;
using Vae.Internal;

namespace Vae.Tests;

internal static class TorchSetup
{
    // Tests call TorchSharp directly, sometimes before any type of Vae.dll (whose own initializer does this) is touched.
    [ModuleInitializer]
    internal static void LoadTorchSharp() => TorchLoader.EnsureLoaded();
}
