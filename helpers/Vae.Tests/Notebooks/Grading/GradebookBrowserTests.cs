using Vae.Notebooks.Grading;

namespace Vae.Tests.Notebooks.Grading;

/// <summary>
/// The gradebook and a feedback page in Chromium at 1,400 and 800 px: nothing runs off the page, a ✗ stands out from a ✓,
/// and the feedback page needs no other file. A class of four notebooks with long messages, a long unbroken word and long
/// answers, made from results without a kernel.
/// </summary>
[Collection(NotebooksCollection.Name)]
public sealed class GradebookBrowserTests : IDisposable
{
    private readonly TempNotebooks folder = new();

    public void Dispose() => folder.Dispose();

    private const string Measure = """
        () => {
          const width = document.documentElement.clientWidth;
          const wider = [...document.querySelectorAll("table, h1, h2, p, div")].filter(e => e.getBoundingClientRect().right > width + 0.5);
          const style = selector => { const e = document.querySelector(selector); return e ? getComputedStyle(e).backgroundColor + " " + getComputedStyle(e).fontWeight : ""; };
          return { overflow: document.documentElement.scrollWidth - width, wider: wider.length, fail: style("td.fail"), ok: style("td.ok") };
        }
        """;

    private sealed class Layout
    {
        public double Overflow { get; set; }

        public int Wider { get; set; }

        public string Fail { get; set; } = "";

        public string Ok { get; set; } = "";

        public override string ToString() => $"overflow {Overflow} px, {Wider} elements past the right edge, ✗ {Fail}, ✓ {Ok}";
    }

    [Fact]
    public async Task TheGradebookAndAFeedbackPage_FitThePage_AtBothWidths_WithTheFailuresStandingOut()
    {
        var outDir = Path.Combine(folder.Folder, "grades");
        var longWord = "/home/student/" + new string('a', 180) + ".dib";
        string[] checks = ["encode", "reparameterize", "compute_elbo", "training_step"];
        var points = new NotebookPoints(checks.ToDictionary(c => c, _ => 1.0), [new WrittenQuestion("what happens if we omit the KL term?", 2)]);
        var answer = string.Join(" ", Enumerable.Repeat("Without the KL term nothing holds the codes near the origin.", 12));
        foreach (var notebook in new[] { "01-implementation", "02-encoding", "03-decoding", "04-latent-space" })
            for (var s = 0; s < 6; s++)
            {
                var student = s == 0 ? "a-student-with-a-very-long-name-from-the-platform@university.example" : $"student{s}";
                GradeResults.Save(outDir, new SubmissionGrade
                {
                    File = $"/handed-in/{student}/{notebook}.dib", Student = student, RelativePath = $"{notebook}.dib", Against = notebook,
                    End = s == 5 ? SubmissionEnd.TimeLimit : SubmissionEnd.Completed, Detail = s == 1 ? longWord : "", Points = points,
                    Checks = [.. checks.Select((c, i) => (s + i) % 3 == 0
                        ? new GradedCheck(c, CheckStatus.Failed, $"{c}: the KL averaged over coordinates instead of summed: 2.19 nats instead of 4.39, " +
                                                                 $"the log-variance read as log σ in {longWord}", "kl.mean")
                        : new GradedCheck(c, CheckStatus.Passed, $"{c}: " + string.Join(", ", Enumerable.Repeat("μ and σ as the lecture writes them", 8))))],
                    Answers = [new WrittenAnswer("what happens if we omit the KL term?", AnswerState.Answered, answer + " " + longWord)],
                });
            }
        Gradebook.Write(outDir, []);

        await using var browser = await ReportBrowser.LaunchAsync();
        foreach (var page in new[] { Path.Combine(outDir, Gradebook.HtmlName), Path.Combine(outDir, Gradebook.FeedbackFolder, "student1.html") })
            foreach (var width in new[] { 1400, 800 })
            {
                var (layout, requests) = await browser.EvaluateAsync<Layout>(page, width, Measure);
                var what = $"{Path.GetFileName(page)} at {width} px: {layout}";
                Assert.True(layout.Overflow <= 0 && layout.Wider == 0, what);
                Assert.True(layout.Fail.Length > 0 && layout.Ok.Length > 0 && layout.Fail != layout.Ok, what);
                Assert.DoesNotContain("rgba(0, 0, 0, 0)", layout.Fail, StringComparison.Ordinal);
                Assert.Single(requests);   // the page itself: its style is inside it
            }
    }
}
