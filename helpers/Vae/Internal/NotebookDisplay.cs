using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

using Vae.Figures;

namespace Vae.Internal;

/// <summary>
/// Shows <see cref="Figure"/>, <see cref="GrayImage"/> and <see cref="HtmlTable"/> as HTML in .NET Interactive (VS Code Polyglot
/// Notebooks). Its formatter API has no package in the registries we build from, so it is bound by reflection
/// when, and only if, the kernel has loaded Microsoft.DotNet.Interactive.Formatting. Outside a notebook this
/// does nothing; inside one it must never break loading the assembly, so every failure is swallowed.
/// </summary>
internal static class NotebookDisplay
{
    public const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    private const string FormatterType = FormattingAssembly + ".Formatter";
    private const string HtmlMimeType = "text/html";

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

        Register(register, typeof(Figure), (value, writer) => writer.Write(((Figure)value).ToHtml()));
        Register(register, typeof(GrayImage), (value, writer) => writer.Write(((GrayImage)value).ToHtml()));
        Register(register, typeof(HtmlTable), (value, writer) => writer.Write(((HtmlTable)value).ToHtml()));
        Register(register, typeof(LatentExplorer), (value, writer) => writer.Write(((LatentExplorer)value).ToHtml()));
        PreferHtml(formatter!, typeof(Figure));
        PreferHtml(formatter!, typeof(GrayImage));
        PreferHtml(formatter!, typeof(HtmlTable));
        return true;
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

    private static void Register(MethodInfo register, Type type, Action<object, TextWriter> write)
    {
        var parameters = register.GetParameters();
        var arguments = new object?[parameters.Length];
        arguments[0] = type;
        arguments[1] = write;
        arguments[2] = HtmlMimeType;
        for (var i = 3; i < parameters.Length; i++)
            arguments[i] = parameters[i].DefaultValue;
        register.Invoke(null, arguments);
    }

    // Current releases: SetPreferredMimeTypesFor(Type, params string[]); older: SetPreferredMimeTypeFor(Type, string, bool = false).
    // HTML is already the notebook default for objects; this only guards against a kernel configured otherwise.
    private static void PreferHtml(Type formatter, Type type)
    {
        try
        {
            var methods = formatter.GetMethods(BindingFlags.Public | BindingFlags.Static);
            var many = methods.FirstOrDefault(m => m.Name == "SetPreferredMimeTypesFor"
                && m.GetParameters() is [{ ParameterType: var t }, { ParameterType: var s }] && t == typeof(Type) && s == typeof(string[]));
            if (many is not null)
            {
                many.Invoke(null, [type, new[] { HtmlMimeType }]);
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
