using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
// A check with the contract of Vae.Checks.Check for an exercise small enough to grade ten hostile submissions in seconds;
// StudentEditionGradingTests grades the real student edition on the real checks.
var source = """
namespace Vae.Checks
{
    public static class Check
    {
        public static void Add(System.Func<int, int, int> add)
        {
            var ok = add(2, 3) == 5;
            var json = "{\"check\":\"Add\",\"passed\":" + (ok ? "true" : "false") + ",\"message\":\"" + (ok ? "add(2, 3) is 5" : "add(2, 3) is not 5: a sign?") + "\"}";
            var context = Microsoft.DotNet.Interactive.KernelInvocationContext.Current;
            context.Publish(new Microsoft.DotNet.Interactive.Events.DisplayedValueProduced(json, context.Command,
                new[] { new Microsoft.DotNet.Interactive.Formatting.FormattedValue("application/vnd.vae.check+json", json) }));
            if (!ok) throw new System.Exception("Check Add failed");
        }
    }
}
""";
var references = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => MetadataReference.CreateFromFile(a.Location));
var emitted = CSharpCompilation.Create("StandInChecks", [CSharpSyntaxTree.ParseText(source)], references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).Emit(System.IO.Path.Combine(Environment.CurrentDirectory, "checks.dll"));
if (!emitted.Success) throw new Exception(string.Join("\n", emitted.Diagnostics));
