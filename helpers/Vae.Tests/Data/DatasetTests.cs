using Vae.Data;
using TorchSharp;
using Vae.Torch;
using static TorchSharp.torch;

namespace Vae.Tests.Data;

// Batches_CoverEveryImageOnceInASeededOrder draws the same order twice from one seed.
[Collection(GlobalRandomCollection.Name)]
public class DatasetTests
{
    [Fact]
    public void Mnist_HasTheOriginalSplitsShapesAndLabels()
    {
        using var train = Dataset.Load("mnist", Split.Train, torch.CPU);
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU);
        Assert.Equal(new long[] { 60000, 784 }, train.Images.shape);
        Assert.Equal(10000, test.Count);
        Assert.Equal(ScalarType.Float32, train.Images.dtype);
        Assert.Equal(ScalarType.Int64, train.Labels.dtype);
        using var scope = torch.NewDisposeScope();
        Assert.Equal(0f, train.Images.amin().item<float>());
        Assert.Equal(1f, train.Images.amax().item<float>());
        // The first training digit is a 5 and the first test digit a 7, as in every MNIST copy.
        Assert.Equal(5L, train.Labels[0].item<long>());
        Assert.Equal(7L, test.Labels[0].item<long>());
        var counts = train.Labels.ToArray<long>().GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, counts.Count);
        Assert.Equal(6742, counts[1]);
    }

    [Fact]
    public void FashionMnist_LoadsFromTheGzippedDebianFiles()
    {
        using var test = Dataset.Load("fashion-mnist", Split.Test, torch.CPU, subset: 100);
        Assert.Equal(100, test.Count);
        Assert.Equal("Ankle boot", test.Source.ClassNames[test.Labels[0].item<long>()]);
    }

    [Fact]
    public void Batches_CoverEveryImageOnceInASeededOrder()
    {
        using var data = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 1000);
        List<float[]> Epoch(long seed)
        {
            torch.manual_seed(seed);
            var sums = new List<float[]>();
            foreach (var x in data.Batches(128))
                using (x)
                using (var rowSums = x.sum(1))
                    sums.Add(rowSums.ToArray<float>());
            return sums;
        }
        var first = Epoch(3);
        Assert.Equal(8, first.Count);
        Assert.Equal(Enumerable.Repeat(128, 7).Append(104), first.Select(b => b.Length));
        using var allSums = data.Images.sum(1);
        Assert.Equal(allSums.ToArray<float>().Order(), first.SelectMany(b => b).Order());
        Assert.Equal(first.SelectMany(b => b), Epoch(3).SelectMany(b => b));
        Assert.NotEqual(first.SelectMany(b => b), Epoch(4).SelectMany(b => b));
    }

    [Fact]
    public void Batches_WithBinarize_DrawZerosAndOnesWithThePixelAsProbability()
    {
        using var data = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 2000);
        torch.manual_seed(1);
        double sum = 0;
        foreach (var x in data.Batches(500, shuffle: false, binarize: true))
            using (x)
            {
                var values = x.ToArray<float>();
                Assert.All(values, v => Assert.True(v is 0f or 1f));
                sum += values.Sum();
            }
        using var mean = data.Images.sum();
        Assert.Equal(mean.ToDouble(), sum, mean.ToDouble() * 0.01);
    }

    [Fact]
    public void Load_MissingFile_SaysWhichFileAndHowToGetItBack()
    {
        var old = Environment.GetEnvironmentVariable("VAE_FASHION_MNIST_DIR");
        Environment.SetEnvironmentVariable("VAE_FASHION_MNIST_DIR", "/nonexistent/fashion");
        try
        {
            var e = Assert.Throws<DataFileException>(() => Dataset.Load("fashion-mnist", Split.Train, torch.CPU));
            Assert.Contains("/nonexistent/fashion/train-images-idx3-ubyte.gz", e.Message);
            Assert.Contains("apt-get install --reinstall dataset-fashion-mnist", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VAE_FASHION_MNIST_DIR", old);
        }
    }

    [Fact]
    public void Load_UnknownDataSet_ListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset.Load("cifar", Split.Train, torch.CPU));
        Assert.Contains("mnist and fashion-mnist", e.Message);
    }
}
