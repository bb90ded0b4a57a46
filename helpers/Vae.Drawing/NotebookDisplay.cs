using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Vae.Drawing.Images;
using Vae.Drawing.Explorer;

namespace Vae.Drawing;

/// <summary>
/// How the workbook's types show in .NET Interactive (VS Code Polyglot Notebooks, and Jupyter through the tool's kernel):
/// <see cref="Figure"/>, <see cref="GrayImage"/>, <see cref="HtmlTable"/> and <see cref="LatentExplorer"/> as HTML, and
/// whatever another assembly adds with <see cref="Register{T}"/> (the checks' one-line results). Images, and figures that
/// show one, also go out as image/png, so that a saved .ipynb shows them where scripts do not run (GitHub, nbviewer);
/// front ends that run scripts prefer the HTML chart. The formatter API is bound by reflection, not by a package
/// reference, when, and only if, the kernel has loaded Microsoft.DotNet.Interactive.Formatting: the registration must
/// reach the kernel's own copy of that assembly, whatever its version, and outside a notebook the helpers need none.
/// Outside a notebook this does nothing; inside one it must never break loading the assembly, so every failure is swallowed.
/// </summary>
public static class NotebookDisplay
{
    public const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    private const string FormatterType = FormattingAssembly + ".Formatter";
    private const string HtmlMimeType = "text/html";
    private const string PngMimeType = "image/png";
    private const string KernelType = "Microsoft.DotNet.Interactive.Kernel";

    private static readonly object Gate = new();
    // What is to be registered, kept so that registrations made before the kernel's formatter loads reach it when it does.
    private static readonly List<(Type Type, (string MimeType, Action<object, TextWriter> Write)[] Formats)> Wanted = [];
    private static (Type Formatter, MethodInfo Register)? kernel;
    // The figures the kernel formatted since a check last asked, oldest first (each once, whatever mime types it went out as).
    private static readonly List<Figure> Shown = [];

    // CA2255 warns libraries off module initializers because they run code on load that a caller did not ask for.
    // That is the point here: after `#r "Vae.dll"` the first figure a cell returns must already display as a chart,
    // without a set-up line in every notebook. The work is a type lookup, and it cannot throw.
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries")]
    [ModuleInitializer]
    internal static void Initialize()
    {
        Register<Figure>((HtmlMimeType, (f, w) => w.Write(Record(f).ToHtml())),
            // A chart has no picture: its image/png is empty (preferences are per type, and the kernel sends every
            // preferred type), which front ends pass over for the HTML and the workbook's .ipynb writer leaves out.
            (PngMimeType, (f, w) => WritePng(f.Image, w)));
        Register<GrayImage>((HtmlMimeType, (i, w) => w.Write(i.ToHtml())), (PngMimeType, WritePng));
        Register<HtmlTable>((HtmlMimeType, (t, w) => w.Write(t.ToHtml())));
        Register<LatentExplorer>((HtmlMimeType, (e, w) => w.Write(e.ToHtml())));
        try
        {
            AppDomain.CurrentDomain.AssemblyLoad += OnAssemblyLoad;
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
                if (TryRegister(assembly))
                    break;
        }
        catch
        {
            // Display is a convenience; the helpers work without it.
        }
    }

    /// <summary>
    /// Shows values of type <typeparamref name="T"/> in notebooks in the given formats, preferred in that order: now if the
    /// kernel's formatter is loaded, else as soon as it loads. Outside a notebook nothing happens.
    /// </summary>
    public static void Register<T>(params (string MimeType, Action<T, TextWriter> Write)[] formats)
    {
        var wanted = (typeof(T), formats.Select(f => (f.MimeType, (Action<object, TextWriter>)((v, w) => f.Write((T)v, w)))).ToArray());
        lock (Gate)
        {
            Wanted.Add(wanted);
            if (kernel is { } k) Apply(k, wanted);
        }
    }

    private static void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs args)
    {
        try
        {
            TryRegister(args.LoadedAssembly);
        }
        catch
        {
            // Never let a display hook fail someone else's assembly load.
        }
    }

    /// <summary>Registers the formatters if <paramref name="assembly"/> is the formatting library; true once done.</summary>
    internal static bool TryRegister(Assembly assembly)
    {
        if (assembly.GetName().Name != FormattingAssembly)
            return false;
        lock (Gate)
        {
            if (kernel is not null) return false;
            var formatter = assembly.GetType(FormatterType, throwOnError: false);
            if ((formatter is null ? null : FindRegister(formatter)) is not { } register)
                return false;
            kernel = (formatter!, register);
            AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;
            foreach (var wanted in Wanted) Apply(kernel.Value, wanted);
            return true;
        }
    }

    private static void Apply((Type Formatter, MethodInfo Register) kernel, (Type Type, (string MimeType, Action<object, TextWriter> Write)[] Formats) wanted)
    {
        try
        {
            foreach (var (mimeType, write) in wanted.Formats) Register(kernel.Register, wanted.Type, mimeType, write);
            Prefer(kernel.Formatter, wanted.Type, [.. wanted.Formats.Select(f => f.MimeType)]);
        }
        catch
        {
            // As everywhere here: a format that cannot be registered leaves the kernel's default display.
        }
    }

    /// <summary>
    /// The figures the kernel showed since the last call (the cells' returned and displayed figures, each once), oldest
    /// first, and forgets them: how a check sees the picture a student's cell showed, or that it showed none.
    /// </summary>
    public static IReadOnlyList<Figure> TakeShownFigures()
    {
        lock (Shown)
        {
            var shown = Shown.ToList();
            Shown.Clear();
            return shown;
        }
    }

    /// <summary>Keeps <paramref name="figure"/> as shown (the kernel formatted it for display).</summary>
    internal static Figure Record(Figure figure)
    {
        lock (Shown)
        {
            if (!Shown.Contains(figure))
                Shown.Add(figure);
            // A notebook that shows thousands of charts keeps only the recent ones.
            if (Shown.Count > 64)
                Shown.RemoveAt(0);
        }
        return figure;
    }

    /// <summary>
    /// Displays <paramref name="value"/> in the cell that is running, as <c>display(value)</c> in a notebook does (the
    /// kernel's static <c>Kernel.display</c>, found by reflection like the formatter); outside a notebook it does nothing.
    /// </summary>
    public static void Show(object value)
    {
        try
        {
            var kernel = AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => a.GetName().Name == "Microsoft.DotNet.Interactive" ? a.GetType(KernelType, throwOnError: false) : null)
                .FirstOrDefault(t => t is not null);
            var display = kernel?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
            display?.Invoke(null, [value, Array.Empty<string>()]);
        }
        catch
        {
            // As with the formatters: showing is a convenience, and the caller's own outcome must not depend on it.
        }
    }

    /// <summary>
    /// The image as Jupyter's image/png wants it: base64 PNG, scaled up by whole pixels as its HTML shows it (a 28 × 28
    /// digit would otherwise be a speck where only the PNG is shown).
    /// </summary>
    internal static void WritePng(GrayImage? image, TextWriter writer)
    {
        if (image is null)
            return;
        writer.Write(Convert.ToBase64String(image.Enlarged(maxSide: 560, maxScale: 6).ToPng()));
    }

    // Formatter.Register(Type type, Action<object, TextWriter> formatter, string mimeType = "text/plain"), which
    // older releases follow with `bool addToDefaults = false`; any parameters after the third take their defaults.
    private static MethodInfo? FindRegister(Type formatter) =>
        formatter.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m =>
        {
            if (m.Name != "Register" || m.IsGenericMethodDefinition)
                return false;
            var p = m.GetParameters();
            return p.Length >= 3
                && p[0].ParameterType == typeof(Type)
                && p[1].ParameterType == typeof(Action<object, TextWriter>)
                && p[2].ParameterType == typeof(string)
                && p.Skip(3).All(extra => extra.HasDefaultValue);
        });

    private static void Register(MethodInfo register, Type type, string mimeType, Action<object, TextWriter> write)
    {
        var parameters = register.GetParameters();
        var arguments = new object?[parameters.Length];
        arguments[0] = type;
        arguments[1] = write;
        arguments[2] = mimeType;
        for (var i = 3; i < parameters.Length; i++)
            arguments[i] = parameters[i].DefaultValue;
        register.Invoke(null, arguments);
    }

    // Current releases: SetPreferredMimeTypesFor(Type, params string[]); older: SetPreferredMimeTypeFor(Type, string, bool = false),
    // which takes one type: HTML, the notebook default for objects anyway.
    private static void Prefer(Type formatter, Type type, params string[] mimeTypes)
    {
        try
        {
            var methods = formatter.GetMethods(BindingFlags.Public | BindingFlags.Static);
            var many = methods.FirstOrDefault(m => m.Name == "SetPreferredMimeTypesFor"
                && m.GetParameters() is [{ ParameterType: var t }, { ParameterType: var s }] && t == typeof(Type) && s == typeof(string[]));
            if (many is not null)
            {
                many.Invoke(null, [type, mimeTypes]);
                return;
            }
            var one = methods.FirstOrDefault(m => m.Name == "SetPreferredMimeTypeFor"
                && m.GetParameters() is [{ ParameterType: var t1 }, { ParameterType: var s1 }, .. var rest]
                && t1 == typeof(Type) && s1 == typeof(string) && rest.All(p => p.HasDefaultValue));
            if (one is not null)
            {
                var arguments = one.GetParameters().Select(p => p.DefaultValue).ToArray();
                arguments[0] = type;
                arguments[1] = HtmlMimeType;
                one.Invoke(null, arguments);
            }
        }
        catch
        {
            // The formatters are registered; a preference that cannot be set leaves the kernel's default.
        }
    }
}
