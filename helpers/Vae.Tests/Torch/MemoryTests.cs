using TorchSharp;

namespace Vae.Tests.Torch;

/// <summary>Native memory stays flat under many small ops in dispose scopes. Runs alone: it reads the process's RSS.</summary>
[Collection(GlobalRandomCollection.Name)]
public class MemoryTests
{
    private static long RssBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024; // "VmRSS:   123456 kB"
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Fact]
    public void TwentyThousandStepsInDisposeScopes_GrowRssByUnder50MB()
    {
        using var w = torch.randn([100]);
        var checksum = 0.0;
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.rand([100]);
                var y = (x * w + 1).relu().log1p();
                var z = torch.cat([x, y]).sum();
                checksum += z.item<float>();
            }
        }

        Steps(1000); // warm up libtorch's and the runtime's allocators
        Settle();
        var before = RssBytes();
        Steps(20_000);
        Settle();
        var growth = RssBytes() - before;
        Assert.True(growth < 50L << 20, $"RSS grew by {growth >> 20} MB over 20,000 steps");
        Assert.True(double.IsFinite(checksum));
    }
}
