using TorchSharp;
using static TorchSharp.torch;

namespace Vae.Data;

public enum Split { Train, Test }

/// <summary>
/// A split of MNIST or Fashion-MNIST held as one N × 784 float tensor with values in [0, 1] and an
/// N int64 label tensor, both on the chosen device, so batches are drawn without host copies.
/// </summary>
public sealed class Dataset : IDisposable
{
    public const int ImageSize = 28;
    public const int Pixels = ImageSize * ImageSize;

    private Dataset(DataSource source, Split split, Tensor images, Tensor labels, string? classes = null)
    {
        Classes = classes;
        Source = source;
        Split = split;
        Images = images;
        Labels = labels;
        Count = (int)images.shape[0];
    }

    public DataSource Source { get; }
    public Split Split { get; }

    /// <summary>N × 784, float32, in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>N, int64, the class of each image (the digit, for MNIST).</summary>
    public Tensor Labels { get; }

    public int Count { get; }
    public Device Device => Images.device;
    public string Name => $"{Source.Name} {Split.ToString().ToLowerInvariant()}" + (Classes is null ? "" : $" (classes {Classes})");

    /// <summary>The classes kept by <see cref="Where"/> (e.g. "0-8"); null when all are there.</summary>
    public string? Classes { get; }

    /// <summary>Loads a split onto the device; subset keeps the first N images.</summary>
    public static Dataset Load(string name, Split split, Device device, int? subset = null)
    {
        var source = DataSource.Get(name);
        var (imagesFile, labelsFile) = split == Split.Train
            ? (source.TrainImages, source.TrainLabels)
            : (source.TestImages, source.TestLabels);
        var imagesPath = Path.Combine(source.Directory, imagesFile);
        var labelsPath = Path.Combine(source.Directory, labelsFile);
        var (imageShape, pixels) = Idx.Read(imagesPath, source.Fix);
        var (labelShape, labelBytes) = Idx.Read(labelsPath, source.Fix);
        if (imageShape.Length != 3 || imageShape[1] != ImageSize || imageShape[2] != ImageSize)
            throw new DataFileException(imagesPath, $"images have shape {string.Join(" × ", imageShape)}, expected N × 28 × 28", source.Fix);
        if (labelShape.Length != 1 || labelShape[0] != imageShape[0])
            throw new DataFileException(labelsPath, $"{labelShape[0]} labels for {imageShape[0]} images", source.Fix);
        if (subset is <= 0) throw new ArgumentOutOfRangeException(nameof(subset), $"subset must be positive, got {subset}");
        // Too large a subset would silently train on all images: say so instead.
        if (subset > imageShape[0])
            throw new ArgumentOutOfRangeException(nameof(subset),
                $"a subset of {subset:N0} images was asked for, but {source.Name} {split.ToString().ToLowerInvariant()} has {imageShape[0]:N0}; ask for {imageShape[0]:N0} or fewer");

        var n = subset ?? imageShape[0];
        using var scope = torch.NewDisposeScope();
        using var bytes = torch.tensor(pixels[..(n * Pixels)], [n, Pixels]);
        var images = (bytes.to(torch.float32) / 255.0).to(device);
        var labels = torch.tensor(labelBytes[..n], [n]).to(torch.int64).to(device);
        return new Dataset(source, split, images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    /// <summary>
    /// Mini-batches of images in a random order drawn from libtorch's generator (so the seed fixes it), the last one
    /// smaller when the batch size does not divide N. With binarize, each pixel is redrawn as x ~ Bernoulli(pixel) every
    /// time (dynamic binarization). Each batch is freed when the next one is drawn (or the loop ends): clone it to keep it.
    /// </summary>
    public IEnumerable<Tensor> Batches(int batchSize, bool shuffle = true, bool binarize = false)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be positive, got {batchSize}");
        using var order = shuffle ? torch.randperm(Count, device: Device).DetachFromDisposeScope() : null;
        for (var start = 0; start < Count; start += batchSize)
        {
            Tensor batch;
            using (torch.NewDisposeScope())
            {
                var length = Math.Min(batchSize, Count - start);
                var x = order is null ? Images.narrow(0, start, length) : Images.index_select(0, order.narrow(0, start, length));
                batch = (binarize ? x.bernoulli() : x).DetachFromDisposeScope();
            }
            using (batch) yield return batch;
        }
    }

    /// <summary>
    /// A new data set of the images whose label is one of <paramref name="labels"/>, in their order here (a copy on
    /// the same device; this one stays as it is): e.g. digits 0–8 to train an anomaly detector that never sees a 9.
    /// </summary>
    public Dataset Where(params int[] labels)
    {
        if (labels.Length == 0) throw new ArgumentException("Where needs at least one label to keep.", nameof(labels));
        using var scope = torch.NewDisposeScope();
        var wanted = torch.tensor(labels.Select(l => (long)l).ToArray(), device: Device);
        var keep = Labels.unsqueeze(1).eq(wanted).any(1).nonzero().squeeze(1);      // indices of the kept images
        if (keep.numel() == 0)
            throw new ArgumentException($"{Name} has no image of class {LabelSet.Format(labels)}.", nameof(labels));
        var images = Images.index_select(0, keep);
        var kept = Labels.index_select(0, keep);
        return new Dataset(Source, Split, images.DetachFromDisposeScope(), kept.DetachFromDisposeScope(), LabelSet.Format(labels));
    }

    /// <summary>Throws, naming the data set, unless every index picks an image of it.</summary>
    public void CheckIndices(string parameter, params int[] indices)
    {
        foreach (var i in indices)
            if (i < 0 || i >= Count)
                throw new ArgumentOutOfRangeException(parameter, $"image index {i} is outside 0 … {Count - 1} of {Name}");
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
