using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Vae.CompileErrors;

/// <summary>
/// Puts <see cref="CompileErrorExplanations"/> into the notebook kernel that loads this assembly (VS Code's Polyglot
/// Notebooks, the tool's Jupyter mode, the headless runner: one kernel, so one way): a middleware on its C# kernel that
/// watches each submitted cell's events, and when the compiler's diagnostics of that cell hold errors, displays the
/// explanation in the same cell, right after the compiler's lines and before the cell fails.
/// <para>
/// Bound by reflection, as <c>Vae.Drawing.NotebookDisplay</c> binds the formatter: this assembly references none of
/// .NET Interactive's packages (it must load outside a notebook too, and in a kernel it must reach the kernel's own copy,
/// whatever its version). Outside a kernel, or in one whose API has moved, it does nothing; it never fails a load or a
/// cell: every failure here is swallowed, and a cell that did not compile fails as it would have anyway.
/// </para>
/// </summary>
internal static class KernelMiddleware
{
    private const string InteractiveAssembly = "Microsoft.DotNet.Interactive";
    private const string Namespace = InteractiveAssembly + ".";
    private const string PlainText = "text/plain";

    // Which kernel has the middleware, kept in the process rather than in this assembly: a notebook that loads a second
    // copy of Vae.dll (another build folder) must not get every explanation twice.
    private const string InstalledKey = "Vae.CompileErrors.KernelMiddleware.Kernel";
    private static readonly object Gate = new();

    // CA2255 warns libraries off module initializers because they run code nobody asked for. Here that is the point:
    // from the first cell that uses the helper on, a student's compile error comes with its explanation, with no set-up
    // line in any notebook. It only looks for the kernel that is running the cell, and cannot throw.
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries")]
    [ModuleInitializer]
    internal static void Initialize()
    {
        try
        {
            Install();
        }
        catch
        {
            // Explanations are a convenience; the helper works without them.
        }
    }

    /// <summary>Adds the middleware to the C# kernel running the current cell, once; false where there is none.</summary>
    internal static bool Install()
    {
        var interactive = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == InteractiveAssembly);
        var contextType = interactive?.GetType(Namespace + "KernelInvocationContext", throwOnError: false);
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        if (context is null || CSharpKernel(context) is not { } kernel)
            return false;
        lock (Gate)
        {
            if (ReferenceEquals(AppDomain.CurrentDomain.GetData(InstalledKey), kernel))
                return true;
            var middlewareType = interactive!.GetType(Namespace + "KernelCommandPipelineMiddleware", throwOnError: true)!;
            var addMiddleware = kernel.GetType().GetMethod("AddMiddleware", [middlewareType, typeof(string)]);
            if (addMiddleware is null)
                return false;
            addMiddleware.Invoke(kernel, [Middleware(middlewareType), "Vae: compile errors explained"]);
            AppDomain.CurrentDomain.SetData(InstalledKey, kernel);
            return true;
        }
    }

    /// <summary>The C# kernel: the one handling the cell, or the C# child of the root kernel.</summary>
    private static object? CSharpKernel(object context)
    {
        var handling = context.GetType().GetProperty("HandlingKernel")?.GetValue(context);
        if (IsCSharp(handling))
            return handling;
        var root = handling?.GetType().GetProperty("RootKernel")?.GetValue(handling);
        return (root?.GetType().GetProperty("ChildKernels")?.GetValue(root) as System.Collections.IEnumerable)?.Cast<object>().FirstOrDefault(IsCSharp);
    }

    private static bool IsCSharp(object? kernel) => kernel?.GetType().Name == "CSharpKernel";

    /// <summary>
    /// <c>(command, context, next) =&gt; Invoke(command, context, () =&gt; next(command, context))</c> as the kernel's own
    /// delegate type, whose parameter types this assembly cannot name.
    /// </summary>
    private static Delegate Middleware(Type middlewareType)
    {
        var parameters = middlewareType.GetMethod("Invoke")!.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        var (command, context, next) = (parameters[0], parameters[1], parameters[2]);
        var continuation = Expression.Lambda<Func<Task>>(Expression.Invoke(next, command, context));
        var body = Expression.Call(typeof(KernelMiddleware).GetMethod(nameof(Invoke), BindingFlags.NonPublic | BindingFlags.Static)!,
            Expression.Convert(command, typeof(object)), Expression.Convert(context, typeof(object)), continuation);
        return Expression.Lambda(middlewareType, body, parameters).Compile();
    }

    private static Task Invoke(object command, object context, Func<Task> next) =>
        command.GetType().Name == "SubmitCode" ? Watch(command, context, next) : next();

    /// <summary>Runs the cell while watching its events for the compiler's diagnostics.</summary>
    private static async Task Watch(object command, object context, Func<Task> next)
    {
        IDisposable? subscription = null;
        try
        {
            subscription = Subscribe(context, e => OnEvent(e, command, context));
        }
        catch
        {
            // Not watched: the cell runs as it would without us.
        }
        try
        {
            await next();
        }
        finally
        {
            subscription?.Dispose();
        }
    }

    private static IDisposable? Subscribe(object context, Action<object> onEvent)
    {
        var property = context.GetType().GetProperty("KernelEvents");
        if (property?.GetValue(context) is not { } events || !property.PropertyType.IsGenericType)
            return null;
        var eventType = property.PropertyType.GetGenericArguments()[0];
        var observer = Activator.CreateInstance(typeof(Observer<>).MakeGenericType(eventType), onEvent)!;
        return property.PropertyType.GetMethod("Subscribe")!.Invoke(events, [observer]) as IDisposable;
    }

    /// <summary>
    /// On the cell's own DiagnosticsProduced with errors, displays their explanation. The kernel publishes the diagnostics
    /// just before it fails the cell, so the explanation lands between the compiler's lines and the failure.
    /// </summary>
    private static void OnEvent(object e, object command, object context)
    {
        try
        {
            if (e.GetType().Name != "DiagnosticsProduced" || !ReferenceEquals(Property(e, "Command"), command))
                return;
            var errors = (Property(e, "Diagnostics") as System.Collections.IEnumerable)?.Cast<object>()
                .Where(d => Property(d, "Severity")?.ToString() == "Error")
                .Select(d =>
                {
                    var start = Property(Property(d, "LinePositionSpan"), "Start");
                    return new CompilerError(Property(d, "Code") as string ?? "", Property(d, "Message") as string ?? "",
                        Property(start, "Line") as int? ?? 0, Property(start, "Character") as int? ?? 0);
                })
                .ToList() ?? [];
            if (errors.Count == 0)
                return;
            var lines = CompileErrorExplanations.Explain(errors, Property(command, "Code") as string ?? "");
            if (lines.Count > 0)
                Display(context, string.Join("\n", lines));
        }
        catch
        {
            // An explanation that cannot be made leaves the compiler's own message, as without us.
        }
    }

    /// <summary>KernelInvocationContextExtensions.DisplayAs(context, text, "text/plain").</summary>
    private static void Display(object context, string text)
    {
        var extensions = context.GetType().Assembly.GetType(Namespace + "KernelInvocationContextExtensions", throwOnError: false);
        var displayAs = extensions?.GetMethod("DisplayAs", BindingFlags.Public | BindingFlags.Static, [context.GetType(), typeof(string), typeof(string)]);
        displayAs?.Invoke(null, [context, text, PlainText]);
    }

    private static object? Property(object? target, string name) => target?.GetType().GetProperty(name)?.GetValue(target);

    /// <summary>An observer of the kernel's event stream, whose element type is only known at run time.</summary>
    private sealed class Observer<T>(Action<object> onNext) : IObserver<T>
    {
        public void OnNext(T value)
        {
            if (value is not null)
                onNext(value);
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
