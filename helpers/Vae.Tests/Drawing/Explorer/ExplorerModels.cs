using TorchSharp;
using Vae.Data;
using Vae.Models;
using Vae.Training;

namespace Vae.Tests.Drawing.Explorer;

/// <summary>
/// Two small real models for the latent explorer's tests, trained once per test class: the lecture's MLP
/// (784-500-500, z = 2) and a z = 4 MLP, each for 2 epochs on 2,048 images (about a second each), and 300 test images.
/// </summary>
public sealed class ExplorerModels : IDisposable
{
    private readonly Trainer lecture, wide;

    public ExplorerModels()
    {
        lecture = Train(new ModelConfig { Z = 2 });
        wide = Train(new ModelConfig { Z = 4, Hidden = [128, 128] });
        Test = Dataset.Load("mnist", Split.Test, torch.CPU, subset: 300);
    }

    public VaeModel Lecture => lecture.Model;

    public VaeModel Z4 => wide.Model;

    public Dataset Test { get; }

    private static Trainer Train(ModelConfig model)
    {
        var trainer = Trainer.Create(new TrainingConfig { Model = model, Epochs = 2, Subset = 2048, TestSubset = 256, Device = "cpu", Seed = 3 });
        trainer.Run();
        return trainer;
    }

    public void Dispose()
    {
        lecture.Dispose();
        wide.Dispose();
        Test.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ExplorerCollection : ICollectionFixture<ExplorerModels>
{
    public const string Name = "latent explorer models";
}
