using System.Reflection;
using System.Reflection.Emit;
using Vae.Internal;
using Vae.Figures;

namespace Vae.Tests.Figures;

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

    [Fact]
    public void RegistersHtmlFormattersForFiguresImagesAndTables()
    {
        var registered = new Dictionary<Type, (Action<object, TextWriter> Format, string Mime)>();
        var preferred = new Dictionary<Type, string[]>();
        var assembly = FakeFormattingAssembly((t, f, m) => registered[t] = (f, m), (t, m) => preferred[t] = m);

        Assert.False(NotebookDisplay.TryRegister(typeof(Figure).Assembly));
        Assert.True(NotebookDisplay.TryRegister(assembly));
        Assert.False(NotebookDisplay.TryRegister(assembly));  // once per process

        Assert.Equal([typeof(Figure), typeof(GrayImage), typeof(HtmlTable), typeof(LatentExplorer)], registered.Keys.OrderBy(t => t.Name));
        Assert.All(registered.Values, r => Assert.Equal("text/html", r.Mime));
        Assert.Equal(["text/html"], preferred[typeof(Figure)]);

        var html = new StringWriter();
        registered[typeof(Figure)].Format(Plot.Lines("t", "x", "y", [new Series("s", [0], [1])]), html);
        Assert.Contains("Plotly.newPlot", html.ToString());
        var img = new StringWriter();
        registered[typeof(GrayImage)].Format(new GrayImage(2, 2, new float[4]), img);
        Assert.StartsWith("<img src=\"data:image/png;base64,", img.ToString());
        var table = new StringWriter();
        registered[typeof(HtmlTable)].Format(new HtmlTable(["a", "b"], [["1", "<2>"]], "caption"), table);
        Assert.Contains("<td style=\"border-bottom:1px solid #ddd;padding:3px 10px;text-align:right\">&lt;2&gt;</td>", table.ToString());
        var explorer = new StringWriter();
        registered[typeof(LatentExplorer)].Format(new LatentExplorer([new(2, 784, new float[2 * 784], new float[784])],
            [0.5f, -0.5f], [3], [7], new float[784], ["0", "1", "2", "3"]), explorer);
        Assert.StartsWith("<div id=\"vae-explorer-", explorer.ToString());
    }
}
