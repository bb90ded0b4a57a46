using System.Reflection;
using System.Reflection.Emit;
using Vae.Data;
using Vae.Torch;
using Vae.Training;
using Vae.Drawing;
using Vae.Drawing.Explorer;
using Vae.Drawing.Images;

namespace Vae.Tests.Drawing;

public class NotebookDisplayTests
{
    public delegate void RegisterHook(Type type, Action<object, TextWriter> formatter, string mimeType);

    public delegate void PreferHook(Type type, string[] mimeTypes);

    /// <summary>
    /// A stand-in for Microsoft.DotNet.Interactive.Formatting with the public signatures of its Formatter:
    /// Register(Type, Action&lt;object, TextWriter&gt;, string mimeType = "text/plain") and
    /// SetPreferredMimeTypesFor(Type, params string[]), each forwarding to a hook the test sets.
    /// </summary>
    private static Assembly FakeFormattingAssembly(RegisterHook register, PreferHook prefer)
    {
        var name = new AssemblyName(NotebookDisplay.FormattingAssembly);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule(name.Name!).DefineType(
            NotebookDisplay.FormattingAssembly + ".Formatter",
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);

        void Forward(string method, Type hookType, Type[] parameters, Action<MethodBuilder>? decorate = null)
        {
            var hook = type.DefineField(method + "Hook", hookType, FieldAttributes.Public | FieldAttributes.Static);
            var builder = type.DefineMethod(method, MethodAttributes.Public | MethodAttributes.Static, typeof(void), parameters);
            decorate?.Invoke(builder);
            var il = builder.GetILGenerator();
            il.Emit(OpCodes.Ldsfld, hook);
            for (short i = 0; i < parameters.Length; i++)
                il.Emit(OpCodes.Ldarg, i);
            il.Emit(OpCodes.Callvirt, hookType.GetMethod("Invoke")!);
            il.Emit(OpCodes.Ret);
        }

        Forward("Register", typeof(RegisterHook), [typeof(Type), typeof(Action<object, TextWriter>), typeof(string)],
            m => m.DefineParameter(3, ParameterAttributes.Optional | ParameterAttributes.HasDefault, "mimeType").SetConstant("text/plain"));
        Forward("SetPreferredMimeTypesFor", typeof(PreferHook), [typeof(Type), typeof(string[])]);
        var formatter = type.CreateType();
        formatter.GetField("RegisterHook")!.SetValue(null, register);
        formatter.GetField("SetPreferredMimeTypesForHook")!.SetValue(null, prefer);
        return assembly;
    }

    private sealed class LateType;

    [Fact]
    public void RegistersHtmlFormattersForFiguresImagesAndTables_AndPngForImages()
    {
        var registered = new Dictionary<(Type, string), Action<object, TextWriter>>();
        var preferred = new Dictionary<Type, string[]>();
        var assembly = FakeFormattingAssembly((t, f, m) => registered[(t, m)] = f, (t, m) => preferred[t] = m);

        // The checks register their result's formats from the model assembly, before the kernel's formatter is loaded:
        // they wait for it; one registered after it is loaded reaches it at once.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Vae.Checks.Check).TypeHandle);
        Assert.False(NotebookDisplay.TryRegister(typeof(Figure).Assembly));
        Assert.True(NotebookDisplay.TryRegister(assembly));
        Assert.False(NotebookDisplay.TryRegister(assembly));  // once per process
        NotebookDisplay.Register<LateType>(("text/plain", (_, w) => w.Write("late")));
        Assert.True(registered.Remove((typeof(LateType), "text/plain")));
        Assert.Equal(["text/plain"], preferred[typeof(LateType)]);

        Assert.Equal(
            [
                (typeof(Vae.Checks.CheckResult), Vae.Checks.CheckResult.MimeType), (typeof(Vae.Checks.CheckResult), "text/plain"),
                (typeof(Vae.Checks.Evidence), Vae.Checks.Evidence.MimeType),
                (typeof(Figure), "image/png"), (typeof(Figure), "text/html"), (typeof(GrayImage), "image/png"), (typeof(GrayImage), "text/html"),
                (typeof(HtmlTable), "text/html"), (typeof(LatentExplorer), "text/html"),
            ],
            registered.Keys.OrderBy(k => k.Item1.Name).ThenBy(k => k.Item2));
        // HTML first: front ends that run scripts show the chart; the PNG is for those that do not (GitHub, nbviewer).
        Assert.Equal(["text/html", "image/png"], preferred[typeof(Figure)]);
        Assert.Equal(["text/html", "image/png"], preferred[typeof(GrayImage)]);
        Assert.Equal(["text/html"], preferred[typeof(HtmlTable)]);
        // A check: its line as text, and its result as JSON for a teacher's tools; a failed check's line is the cell's error instead.
        Assert.Equal(["text/plain", Vae.Checks.CheckResult.MimeType], preferred[typeof(Vae.Checks.CheckResult)]);
        // A check's evidence, which only the grader reads, as JSON alone.
        Assert.Equal([Vae.Checks.Evidence.MimeType], preferred[typeof(Vae.Checks.Evidence)]);

        string Format(Type type, string mime, object value)
        {
            var writer = new StringWriter();
            registered[(type, mime)](value, writer);
            return writer.ToString();
        }

        var passed = new Vae.Checks.CheckResult("encode", true, "μ and σ");
        var failed = passed with { Passed = false, Message = "σ = exp(ρ)" };
        Assert.Equal("✓ encode: μ and σ", Format(typeof(Vae.Checks.CheckResult), "text/plain", passed));
        Assert.Equal("", Format(typeof(Vae.Checks.CheckResult), "text/plain", failed));
        Assert.Equal("""{"check":"encode","passed":false,"message":"σ = exp(ρ)"}""", Format(typeof(Vae.Checks.CheckResult), Vae.Checks.CheckResult.MimeType, failed));
        Assert.Contains("Plotly.newPlot", Format(typeof(Figure), "text/html", Plot.Lines("t", "x", "y", [new Series("s", [0], [1])])));
        Assert.StartsWith("<img src=\"data:image/png;base64,", Format(typeof(GrayImage), "text/html", new GrayImage(2, 2, new float[4])));
        Assert.Contains("<td style=\"border-bottom:1px solid #ddd;padding:3px 10px;text-align:right\">&lt;2&gt;</td>",
            Format(typeof(HtmlTable), "text/html", new HtmlTable(["a", "b"], [["1", "<2>"]], "caption")));
        Assert.StartsWith("<div id=\"vae-explorer-", Format(typeof(LatentExplorer), "text/html", new LatentExplorer([new(2, 784, new float[2 * 784], new float[784])],
            [0.5f, -0.5f], [3], [7], new float[784], ["0", "1", "2", "3"])));

        // A chart has no picture: its PNG is empty. An image figure's and an image's are base64 PNG of the pixels,
        // scaled by whole pixels as the HTML shows them (a 28 × 28 digit six times).
        Assert.Equal("", Format(typeof(Figure), "image/png", Plot.Lines("t", "x", "y", [new Series("s", [0], [1])])));
        var digit = new GrayImage(28, 28, Enumerable.Range(0, 784).Select(i => i % 28 / 27f).ToArray());
        var png = PngDecoder.Decode(Convert.FromBase64String(Format(typeof(GrayImage), "image/png", digit)));
        Assert.Equal((168, 168), (png.Width, png.Height));
        Assert.Equal(0, png.Pixels[0]);
        Assert.Equal(255, png.Pixels[167]);          // the last column of the first row: pixel 27, white
        Assert.Equal(png.Pixels[6], png.Pixels[7 * 168 + 11]);   // row 1, column 1 of the digit, each a 6 × 6 block
        var figure = Plot.Image(TorchSharp.torch.tensor(digit.Pixels, [28, 28]), "digit");
        Assert.Equal(Format(typeof(GrayImage), "image/png", digit), Format(typeof(Figure), "image/png", figure));
    }
}
