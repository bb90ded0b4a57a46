using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive.Documents;
using Vae.Notebooks.Kernel;
using Vae.Notebooks.Running;
using Vae.Notebooks.Documents;

namespace Vae.Notebooks.Grading;

/// <summary>
/// Grades one submission: reads it (a refused file is a row saying which), builds the notebook with the teacher's checks,
/// runs every cell in a fresh kernel (sealed off unless told otherwise, on a scratch disk of its own) under the time, memory,
/// process and disk limits, ends whatever it left running, and reads the teacher checks' results.
/// </summary>
internal sealed class SubmissionGrader(GradeOptions options, Sandbox? sandbox, LimitStrategy? limits, IReadOnlyList<TeacherEdition> editions,
    string scratchRoot)
{
    /// <param name="number">Its place in this grading: names its scratch folder and control group.</param>
    /// <param name="reportName">The name of its executed notebook's page and .ipynb.</param>
    public async Task<(SubmissionGrade Grade, NotebookResult? Run)> GradeAsync(string file, int number, string label, string reportName,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        InteractiveDocument submission;
        try
        {
            submission = NotebookReader.Load(file);
        }
        catch (InvalidDataException e)
        {
            var refusal = NotebookRefusals.Of(e);
            options.Progress.WriteLine($"{label}: refused: {NotebookRefusals.Describe(refusal)}");
            return (new SubmissionGrade { File = file, End = SubmissionEnd.Refused, Refusal = refusal, Detail = e.Message }, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (new SubmissionGrade { File = file, End = SubmissionEnd.Refused, Refusal = NotebookRefusal.Inaccessible, Detail = e.Message }, null);
        }
        // --against names the edition for every submission; otherwise each is matched by what it holds.
        var teacher = options.Against is not null && editions.Count == 1 ? editions[0] : TeacherEdition.Match(submission, file, editions);
        if (teacher is null)
            return (new SubmissionGrade
            {
                File = file, End = SubmissionEnd.NoMatchingEdition,
                Detail = "it shares no exercise, check or file name with the teacher notebooks; pass --against notebooks/NN-name.dib",
            }, null);

        var graded = GradedNotebook.Assemble(submission, teacher);
        // Where the kernel runs: where the edition lives in the workbook, so that the notebook's relative #r resolves; sealed,
        // that folder is the submission's own tmpfs, unsealed it is the workbook's folder and its runs go to a scratch folder.
        var workingDirectory = teacher.EditionFolder;
        // Each submission's checks draw their inputs from a seed of its own, which the grader judges the evidence with.
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var scratch = sandbox is null ? Path.Combine(scratchRoot, number.ToString("000", CultureInfo.InvariantCulture)) : null;
        if (scratch is not null)
            Directory.CreateDirectory(scratch);
        var settings = new Dictionary<string, string>(options.Environment(scratch ?? workingDirectory))
        {
            // Several kernels at once share the cores instead of each taking all of them.
            ["OMP_NUM_THREADS"] = Math.Max(1, Environment.ProcessorCount / Math.Max(1, options.Jobs)).ToString(CultureInfo.InvariantCulture),
            [Settings.CheckSeedVariable] = seed.ToString(CultureInfo.InvariantCulture),
        };
        using var group = sandbox is null ? null : limits!.Create(LimitStrategy.GroupName(number.ToString(CultureInfo.InvariantCulture)),
            options.MemoryBytes, options.MaxProcesses);
        using var limit = new CancellationTokenSource(options.Timeout);
        var path = Path.GetFullPath(file);
        await using var seal = new SealedRun(group);
        NotebookResult? run = null;
        SubmissionEnd end;
        var detail = "";
        try
        {
            run = await NotebookRunner.RunDocumentAsync(path, graded.Document, settings,
                token => sandbox is null || group is null
                    // Unsealed: the grader's own home and environment (dotnet finds the kernel tool through them), in the
                    // edition's folder; what it trains goes to scratch (VAE_RUNS).
                    ? StdioKernel.StartAsync(KernelTool.StartInfo(workingDirectory, settings), token)
                    : seal.StartAsync(sandbox.Wrap(KernelTool.StartInfo(workingDirectory, new Dictionary<string, string>()), workingDirectory, group,
                        settings, options.DiskBytes), workingDirectory, token),
                new NotebookRunner.RunMode(GoOnAfterFailure: true, label, options.Progress) { Stop = limit.Token }, cancellationToken);
            end = seal.End(limit.IsCancellationRequested)
                  ?? (run.Interruption is CellErrorKind.KernelStopped ? SubmissionEnd.KernelStopped : SubmissionEnd.Completed);
            if (end == SubmissionEnd.KernelStopped)
                detail = run.Cells.FirstOrDefault(c => c.Error?.Kind is CellErrorKind.KernelStopped)?.Error?.Message ?? "";
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            end = SubmissionEnd.TimeLimit;
            detail = "the kernel did not start within the limit";
        }
        catch (KernelUnavailableException e)
        {
            end = seal.End(timedOut: false) ?? SubmissionEnd.KernelDidNotStart;
            detail = e.Message.Split('\n')[0];
        }
        await seal.StopWatchingAsync();
        var leftovers = group?.EndAll() ?? 0;
        if (scratch is not null)
            TryDelete(scratch);
        var checks = run is null
            ? teacher.CheckNames.Select(n => new GradedCheck(n, CheckStatus.NotReached, SubmissionEnds.Describe(end))).ToList()
            : GradedCheck.Read(run, graded, seed);
        if (run is not null)
            run = new NotebookResult(run.Path, run.Document, run.Cells, run.Settings, run.StartedAt, clock.Elapsed)
            {
                Interruption = run.Interruption,
                ReportName = reportName,
            };
        var passed = checks.Count(c => c.Status == CheckStatus.Passed);
        options.Progress.WriteLine($"{label}: {SubmissionEnds.Describe(end)}, {passed} of {checks.Count} checks passed, {clock.Elapsed.TotalSeconds:0.0} s" +
                                   (leftovers > 0 ? $", {leftovers} leftover processes ended" : ""));
        return (new SubmissionGrade
        {
            File = file,
            Against = teacher.Name,
            Checks = checks,
            Duration = clock.Elapsed,
            End = end,
            Detail = detail,
            Flags = graded.Flags,
            LeftoverProcesses = leftovers,
            PeakMemory = seal.PeakMemory,
            Limits = group is null ? null : limits!.Holders,
        }, run);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A scratch folder left in the temporary folder is not worth losing a row for.
        }
    }
}
