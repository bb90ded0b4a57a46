using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

using Vae.Checks;
using Vae.Figures;

namespace Vae.Internal;

/// <summary>
/// Shows <see cref="Figure"/>, <see cref="GrayImage"/> and <see cref="HtmlTable"/> as HTML in .NET Interactive (VS Code Polyglot
/// Notebooks, and Jupyter through the tool's kernel). Images, and figures that show one, also go out as image/png, so that a
/// saved .ipynb shows them where scripts do not run (GitHub, nbviewer); front ends that run scripts prefer the HTML
/// chart. The formatter API is bound by reflection, not by a package reference, when, and only if, the kernel has
/// loaded Microsoft.DotNet.Interactive.Formatting: the registration must reach the kernel's own copy of that assembly,
/// whatever its version, and outside a notebook the helper needs none. Outside a notebook this
/// does nothing; inside one it must never break loading the assembly, so every failure is swallowed.
/// </summary>
internal static class NotebookDisplay
{
    public const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    private const string FormatterType = FormattingAssembly + ".Formatter";
    private const string HtmlMimeType = "text/html";
    private const string PngMimeType = "image/png";
    private const string PlainTextMimeType = "text/plain";
    private const string KernelType = "Microsoft.DotNet.Interactive.Kernel";

    private static int registered;

    // CA2255 warns libraries off module initializers because they run code on load that a caller did not ask for.
    // That is the point here: after `#r "Vae.dll"` the first figure a cell returns must already display as a chart,
    // without a set-up line in every notebook. The work is a type lookup, and it cannot throw.
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries")]
    [ModuleInitializer]
    internal static void Initialize()
    {
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

    /// <summary>Registers the HTML formatters if <paramref name="assembly"/> is the formatting library; true once done.</summary>
    internal static bool TryRegister(Assembly assembly)
    {
        if (assembly.GetName().Name != FormattingAssembly || Volatile.Read(ref registered) != 0)
            return false;
        var formatter = assembly.GetType(FormatterType, throwOnError: false);
        var register = formatter is null ? null : FindRegister(formatter);
        if (register is null || Interlocked.Exchange(ref registered, 1) != 0)
            return false;
        AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;

        Register(register, typeof(Figure), HtmlMimeType, (value, writer) => writer.Write(((Figure)value).ToHtml()));
        Register(register, typeof(GrayImage), HtmlMimeType, (value, writer) => writer.Write(((GrayImage)value).ToHtml()));
        Register(register, typeof(HtmlTable), HtmlMimeType, (value, writer) => writer.Write(((HtmlTable)value).ToHtml()));
        Register(register, typeof(LatentExplorer), HtmlMimeType, (value, writer) => writer.Write(((LatentExplorer)value).ToHtml()));
        // A chart has no picture: its image/png is empty (preferences are per type, and the kernel sends every
        // preferred type), which front ends pass over for the HTML and the workbook's .ipynb writer leaves out.
        Register(register, typeof(Figure), PngMimeType, (value, writer) => WritePng(((Figure)value).Image, writer));
        Register(register, typeof(GrayImage), PngMimeType, (value, writer) => WritePng((GrayImage)value, writer));
        Prefer(formatter!, typeof(Figure), HtmlMimeType, PngMimeType);
        Prefer(formatter!, typeof(GrayImage), HtmlMimeType, PngMimeType);
        Prefer(formatter!, typeof(HtmlTable), HtmlMimeType);
        // A check's line is plain text; a failed check's line is the cell's error instead, so its text here is empty.
        Register(register, typeof(CheckResult), PlainTextMimeType, (value, writer) => writer.Write(((CheckResult)value) is { Passed: true } r ? r.ToString() : ""));
        Register(register, typeof(CheckResult), CheckResult.MimeType, (value, writer) => writer.Write(((CheckResult)value).ToJson()));
        Prefer(formatter!, typeof(CheckResult), PlainTextMimeType, CheckResult.MimeType);
        return true;
    }

    /// <summary>
    /// Displays <paramref name="value"/> in the cell that is running, as <c>display(value)</c> in a notebook does (the
    /// kernel's static <c>Kernel.display</c>, found by reflection like the formatter); outside a notebook it does nothing.
    /// </summary>
    internal static void Show(object value)
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
