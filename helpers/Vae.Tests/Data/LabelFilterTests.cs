using Vae.Data;
using Vae.Models;
using TorchSharp;
using Vae.Torch;
using Vae.Training;

namespace Vae.Tests.Data;

public class LabelFilterTests
{
    [Theory]
    [InlineData("0-8", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData("1,7", new[] { 1, 7 })]
    [InlineData(" 9 , 0-2,1 ", new[] { 0, 1, 2, 9 })]
    [InlineData("4-4", new[] { 4 })]
    public void LabelSet_ParsesLabelsAndRanges(string text, int[] expected)
    {
        Assert.Equal(expected, LabelSet.Parse(text));
        Assert.Equal(expected, LabelSet.Parse(LabelSet.Format(expected)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("0-x")]
    [InlineData("1-2-3")]
    [InlineData("8-3")]
    public void LabelSet_RejectsWhatIsNotALabelSet(string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => LabelSet.Parse(text));
        Assert.Equal("Classes", e.Property);
        Assert.Contains($"got '{text}'", e.Message);
    }

    [Fact]
    public void LabelSet_FormatsRunsAsRanges()
    {
        Assert.Equal("0-8", LabelSet.Format(Enumerable.Range(0, 9)));
        Assert.Equal("1,2,4-7,9", LabelSet.Format([9, 7, 6, 5, 4, 2, 1, 1]));
    }

    [Fact]
    public void Where_KeepsExactlyTheImagesOfTheGivenClasses_InOrder()
    {
        using var test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 1000);
        var labels = test.Labels.ToArray<long>();
        using var nines = test.Where(9);
        using var rest = test.Where(0, 1, 2, 3, 4, 5, 6, 7, 8);
        var nineRows = Enumerable.Range(0, 1000).Where(i => labels[i] == 9).ToArray();
        Assert.Equal(nineRows.Length, nines.Count);
        Assert.Equal(1000 - nineRows.Length, rest.Count);
        Assert.All(nines.Labels.ToArray<long>(), l => Assert.Equal(9L, l));
        Assert.DoesNotContain(9L, rest.Labels.ToArray<long>());
        using var scope = torch.NewDisposeScope();
        for (var k = 0; k < nineRows.Length; k += 17)
            Assert.Equal(test.Images[nineRows[k]].ToArray<float>(), nines.Images[k].ToArray<float>());
        Assert.Equal("mnist test (classes 9)", nines.Name);
        Assert.Equal("0-8", rest.Classes);
        Assert.Equal(1000, test.Count);   // the original is unchanged
        Assert.Throws<ArgumentException>(() => test.Where());
    }

    [Fact]
    public void Trainer_WithClasses_TrainsAndTestsOnThoseOnly_AndTheCheckpointRecordsThem()
    {
        var dir = TestPaths.TempDirectory("classes");
        var config = new TrainingConfig
        {
            Model = new ModelConfig { Hidden = [32], Z = 2 }, Epochs = 1, Subset = 1000, TestSubset = 500, Device = "cpu", Classes = "0-8",
        };
        using (var trainer = Trainer.Create(config, dir))
        {
            Assert.DoesNotContain(9L, trainer.TrainSet.Labels.ToArray<long>());
            Assert.DoesNotContain(9L, trainer.TestSet.Labels.ToArray<long>());
            Assert.InRange(trainer.TrainSet.Count, 850, 950);   // about a tenth of MNIST is 9s
            trainer.Run();
        }
        Assert.Equal("0-8", Checkpoint.ReadInfo(dir).Config.Classes);
        var e = Assert.Throws<ConfigurationException>(() => (config with { Classes = "0-10" }).Validate());
        Assert.Equal("Classes", e.Property);
    }
}
