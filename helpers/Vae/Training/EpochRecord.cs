using System.Globalization;
using System.Text;

namespace Vae.Training;

/// <summary>One epoch's figures: mean train −ELBO over its steps, and test −ELBO with its parts.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TestLoss, double TestReconstruction, double TestKl, double Seconds)
{
    public const string CsvHeader = "epoch,train_loss,test_loss,test_reconstruction,test_kl,seconds";

    public string ToCsv() => string.Join(",", new object[] { Epoch, TrainLoss, TestLoss, TestReconstruction, TestKl, Seconds }
        .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    public static string ToCsv(IEnumerable<EpochRecord> history)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in history) csv.Append(r.ToCsv()).Append('\n');
        return csv.ToString();
    }
}
