using Vae.Torch;

namespace Vae.Tests.Torch;

public class SmokeTests
{
    [Fact]
    public void AddsTwoTensors()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = a + 1;
        Assert.Equal(new float[] { 2, 3, 4 }, b.data<float>());
        Assert.Equal("1.13.0", torch.version);
    }
}
