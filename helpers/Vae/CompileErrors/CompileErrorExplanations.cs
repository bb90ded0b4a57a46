using System.Text.RegularExpressions;

namespace Vae.CompileErrors;

/// <summary>
/// The C# compiler's errors that a student of these notebooks meets most, each explained in one line in the student's
/// terms, beside the compiler's own message. Collected by writing the workbook's exercises wrongly in the real kernel:
/// a variable declared twice (<c>var (z_mu, _) = …</c> under <c>Tensor z_mu;</c>), TorchSharp's <c>mean</c> given a
/// number where it takes an array, double literals where floats go, a <c>long</c> size put into an <c>int</c>, a missing
/// <c>;</c>, <c>Encode</c> for <c>encode</c>, a tuple taken apart into the wrong number of names or used as one tensor,
/// Python's <c>**</c>, <c>x[:, 0]</c>, <c>dim=1</c> and <c>None</c>, a function without its <c>nn.functional.</c>, a
/// method named without its <c>()</c>, a method that does not return, a name not declared (or declared in a cell not
/// run). The kernel extension (<see cref="KernelMiddleware"/>) shows these lines in the cell that failed.
/// </summary>
public static partial class CompileErrorExplanations
{
    /// <summary>The sign before each explanation, so that it reads apart from the compiler's lines.</summary>
    public const string Marker = "💡";

    /// <summary>
    /// One line per error explained, in the compiler's order, each naming the line of the cell and the error's code:
    /// "💡 line 2 (CS0102): z_mu is already declared above (Tensor z_mu;) …". Errors that only follow from another (C# cannot tell
    /// the type of a name on a line that already failed) and those this catalogue does not know get no line.
    /// </summary>
    /// <param name="errors">The compiler's errors for the cell.</param>
    /// <param name="code">The cell's code, to read the lines the errors point at.</param>
    public static IReadOnlyList<string> Explain(IReadOnlyList<CompilerError> errors, string code)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n');
        var explained = new List<string>();
        var said = new HashSet<string>();
        foreach (var error in errors)
        {
            var site = new Site(error, lines, errors);
            if (Explain(site) is { } text && said.Add(text))
                explained.Add($"{Marker} line {error.Line + 1} ({error.Code}): {text}");
        }
        return explained;
    }

    /// <summary>The one line for this error, or null.</summary>
    public static string? Explain(CompilerError error, string code) => Explain(new Site(error, code.Replace("\r\n", "\n").Split('\n'), [error]));

    private static string? Explain(Site site)
    {
        foreach (var rule in Rules)
            if (rule.Code == site.Error.Code && rule.Message.Match(site.Error.Message) is { Success: true } match && rule.Explain(match, site) is { } text)
                return text;
        return null;
    }

    /// <summary>An error with the cell's lines and its other errors.</summary>
    private sealed record Site(CompilerError Error, string[] Lines, IReadOnlyList<CompilerError> All)
    {
        /// <summary>The line the error points at.</summary>
        public string Line => Error.Line >= 0 && Error.Line < Lines.Length ? Lines[Error.Line] : "";

        /// <summary>The first line above the error's that names <paramref name="name"/> (where it was declared), trimmed; null if none.</summary>
        public string? EarlierLineWith(string name)
        {
            var word = new Regex($@"\b{Regex.Escape(name)}\b");
            return Lines.Take(Math.Max(Error.Line, 0)).FirstOrDefault(word.IsMatch)?.Trim();
        }

        /// <summary>The source from the error's column on.</summary>
        public string Rest => Error.Column >= 0 && Error.Column <= Line.Length ? Line[Error.Column..] : "";

        /// <summary>The method whose argument list the error's column is in ("mean" for <c>x.mean(1)</c>), or null.</summary>
        public string? CalledMethod
        {
            get
            {
                var depth = 0;
                for (var i = Math.Min(Error.Column, Line.Length) - 1; i >= 0; i--)
                {
                    if (Line[i] == ')') depth++;
                    else if (Line[i] == '(' && depth-- == 0)
                        return Identifier().Match(Line[..i]) is { Success: true } m ? m.Groups[1].Value : null;
                }
                return null;
            }
        }
    }

    private sealed record Rule(string Code, Regex Message, Func<Match, Site, string?> Explain)
    {
        public Rule(string code, string message, Func<Match, Site, string?> explain) : this(code, new Regex(message), explain)
        {
        }
    }

    [GeneratedRegex(@"(\w+)\s*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\d[\d.]*(?:[eE][+-]?\d+)?")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\b(?:TorchSharp\.)?torch\.(?=(?:Tensor|nn|optim)\b)")]
    private static partial Regex TorchPrefix();

    /// <summary>A type as the student writes it: Tensor, not TorchSharp.torch.Tensor.</summary>
    private static string Friendly(string type) => TorchPrefix().Replace(type, "");

    /// <summary>The element names of a tuple type "(Tensor z_mu, Tensor z_sigma)"; empty for another type.</summary>
    private static IReadOnlyList<string> TupleNames(string type)
    {
        if (!type.StartsWith('(') || !type.EndsWith(')'))
            return [];
        var inner = type[1..^1];
        var (elements, depth, start) = (new List<string>(), 0, 0);
        for (var i = 0; i <= inner.Length; i++)
        {
            if (i == inner.Length || (inner[i] == ',' && depth == 0))
            {
                elements.Add(inner[start..i].Trim());
                start = i + 1;
            }
            else if (inner[i] is '(' or '<' or '[') depth++;
            else if (inner[i] is ')' or '>' or ']') depth--;
        }
        // "Tensor z_mu" → z_mu; an element without a name ("Tensor") → "".
        return [.. elements.Select(e => e.LastIndexOf(' ') is var space and > 0 && !e.EndsWith(')') ? e[(space + 1)..] : "")];
    }

    private static string TupleText(IReadOnlyList<string> names) => $"({string.Join(", ", names)})";

    /// <summary>"did you mean …?" for a near miss among the candidates; null when there is none.</summary>
    private static string? DidYouMean(string name, IEnumerable<string> candidates) =>
        TorchNames.Meant(name, candidates) is { } meant ? $"did you mean {meant}? C# tells {name} from {meant}" : null;

    private static readonly Dictionary<string, string> Python = new()
    {
        ["None"] = "C# writes null for Python's None",
        ["True"] = "C# writes true for Python's True",
        ["False"] = "C# writes false for Python's False",
        ["len"] = "C# has no len(): a tensor's size is x.shape[0] (a long), an array's x.Length",
        ["self"] = "C# writes this for Python's self (and a method reaches its own fields without it)",
        ["print"] = "C# has no print(): the value of a cell's last line is shown, or use display(…)",
        ["range"] = "C# has no range(): a tensor of steps is arange(…), a loop is for (var i = 0; i < n; i++)",
        ["np"] = "there is no NumPy here: TorchSharp has the same functions on tensors (arange, meshgrid, stack …)",
        ["def"] = "C# declares a method with its return type, not def: Tensor f(Tensor x) { … }",
    };

    private static readonly Rule[] Rules =
    [
        // ---- names declared twice ----
        new("CS0102", @"^The type '(?<type>[^']+)' already contains a definition for '(?<name>[^']+)'", (m, site) =>
        {
            var name = m.Groups["name"].Value;
            if (!m.Groups["type"].Value.StartsWith("Submission#", StringComparison.Ordinal))
                return $"{m.Groups["type"].Value} has two members called {name}: rename or delete one";
            var where = site.EarlierLineWith(name) is { } line ? $"above ({line})" : "earlier on this line";
            var pair = site.Line.Contains("var (", StringComparison.Ordinal) ? $"; a pair goes into it as ({name}, _) = …" : "";
            return $"{name} is already declared {where}: give it its value without declaring it again, with no var or type before it{pair}";
        }),
        new("CS0128", @"^A local variable or function named '(?<name>[^']+)' is already defined in this scope", (m, _) =>
            $"{m.Groups["name"].Value} is already declared in this block: give the new one another name, or assign to the first without var"),
        new("CS0136", @"^A local or parameter named '(?<name>[^']+)' cannot be declared in this scope", (m, _) =>
            $"{m.Groups["name"].Value} already exists here (a parameter of the method, or a variable around this block): use it as it is, or give the new one another name"),

        // ---- TorchSharp's argument types ----
        new("CS1503", @"^Argument (?<n>\d+): cannot convert from '(?:int|long)' to 'long\[\]'", (_, site) =>
            site.CalledMethod is "mean"
                ? "TorchSharp's mean takes its dimensions as an array: .mean([1]), not .mean(1) (sum also takes a plain number, .sum(1); mean does not)"
                : $"TorchSharp's {site.CalledMethod ?? "method"} takes its sizes or dimensions here as an array: write [1] where you wrote 1"),
        new("CS1503", @"^Argument (?<n>\d+): cannot convert from '\((?:int|long)(?:, (?:int|long))+\)' to 'long\[\]'", (_, _) =>
            "a shape is not a tuple in C#: write the sizes as separate numbers, randn(64, 2), or as an array, randn([64, 2])"),
        new("CS1503", @"^Argument (?<n>\d+): cannot convert from 'string' to '(?:TorchSharp\.)?torch\.nn\.Reduction'", (_, _) =>
            "reduction takes a value of nn.Reduction, not a string: nn.Reduction.None (one value per element), nn.Reduction.Sum or nn.Reduction.Mean"),
        new("CS1503", @"^Argument (?<n>\d+): cannot convert from '(?<from>\(.+\))' to '(?<to>[^']+)'", (m, _) =>
            $"argument {m.Groups["n"].Value} is a tuple {TupleText(TupleNames(m.Groups["from"].Value))} where one {Friendly(m.Groups["to"].Value)} is wanted: take the part you need by name, or take the tuple apart first"),
        new("CS1503", @"^Argument (?<n>\d+): cannot convert from '(?<from>[^']+)' to '(?<to>[^']+)'", (m, site) =>
            $"argument {m.Groups["n"].Value} of {site.CalledMethod ?? "this call"} is a {Friendly(m.Groups["from"].Value)}, but a {Friendly(m.Groups["to"].Value)} goes there"),
        new("CS1739", @"^The best overload for '(?<method>\w+)' does not have a parameter named '(?<name>\w+)'", (m, _) =>
        {
            var (method, name) = (m.Groups["method"].Value, m.Groups["name"].Value);
            var parameters = TorchNames.ParametersOf(method);
            var known = parameters.Count > 0 ? $"; its parameters are called {string.Join(", ", parameters)}" : "";
            var mean = method == "mean" ? " — and it takes the dimensions as an array: .mean([1])" : "";
            return $"{method} has no parameter called {name}{known}{mean}";
        }),

        // ---- numbers ----
        new("CS0664", @"^Literal of type double cannot be implicitly converted to type 'float'", (_, site) =>
        {
            var literal = Literal().Match(site.Rest) is { Success: true } m ? m.Value : "0.5";
            return $"{literal} is a double in C#; a float literal ends in f, {literal}f (or declare the variable as double, or with var)";
        }),
        new("CS0266", @"^Cannot implicitly convert type 'long' to 'int'", (_, _) =>
            "TorchSharp's sizes (x.shape[0], numel()) are long, not int: declare the variable with var (or long), or cast with (int)"),
        new("CS0266", @"^Cannot implicitly convert type 'double' to 'float'", (_, _) =>
            "a double does not go into a float by itself: write (float)… or 0.5f, or keep it a double (declare it with var)"),
        new("CS0266", @"^Cannot implicitly convert type '(?<from>[^']+)' to '(?<to>[^']+)'", (m, _) =>
            $"C# turns a {Friendly(m.Groups["from"].Value)} into a {Friendly(m.Groups["to"].Value)} only when asked: cast it, ({Friendly(m.Groups["to"].Value)})…, or declare the variable with var"),

        // ---- tuples: what encode, forward and compute_elbo give ----
        new("CS0029", @"^Cannot implicitly convert type '(?<from>\(.+\))' to '(?<to>[^']+)'", (m, _) =>
        {
            var names = TupleNames(m.Groups["from"].Value);
            var first = names.FirstOrDefault(n => n.Length > 0);
            var byName = first is null ? "" : $", or take one part by name, ….{first}";
            return $"the right side is a tuple {TupleText(names)}, not one {Friendly(m.Groups["to"].Value)}: take it apart into as many names, ({string.Join(", ", names.Select((_, i) => i == 0 ? "a" : "_"))}) = …{byName}";
        }),
        new("CS0029", @"^Cannot implicitly convert type '(?:TorchSharp\.)?torch\.Tensor' to '(?<to>float|double|int|long|bool)'", (m, _) =>
            $"a Tensor is not a {m.Groups["to"].Value}: take the number out of a one-element tensor with .item<{(m.Groups["to"].Value is "double" ? "float" : m.Groups["to"].Value)}>()"),
        new("CS0029", @"^Cannot implicitly convert type '(?<from>[^']+)' to '(?<to>[^']+)'", (m, _) =>
            $"a {Friendly(m.Groups["from"].Value)} is not a {Friendly(m.Groups["to"].Value)}: check what the right side gives (hover over it)"),
        new("CS0023", @"^Operator '(?<op>[^']+)' cannot be applied to operand of type '(?<type>\(.+\))'", (m, _) =>
        {
            var names = TupleNames(m.Groups["type"].Value);
            var first = names.FirstOrDefault(n => n.Length > 0) ?? "Item1";
            return $"{m.Groups["op"].Value} does not apply to a tuple {TupleText(names)}: take the part you need by name first, {m.Groups["op"].Value}(….{first})";
        }),
        new("CS0021", @"^Cannot apply indexing with \[\] to an expression of type '(?<type>\(.+\))'", (m, _) =>
        {
            var names = TupleNames(m.Groups["type"].Value);
            return $"a tuple {TupleText(names)} is not indexed with [0] in C#: take a part by name, ….{names.FirstOrDefault(n => n.Length > 0) ?? "Item1"}, or take it apart, {TupleText(names)} = …";
        }),
        new("CS8132", @"^Cannot deconstruct a tuple of '(?<n>\d+)' elements into '(?<m>\d+)' variables", (m, _) =>
            $"the right side gives {m.Groups["n"].Value} values and the left names {m.Groups["m"].Value}: name exactly {m.Groups["n"].Value}, with _ for each you do not need"),
        new("CS1061", @"^'(?<type>[^']+\[\])' does not contain a definition for 'Deconstruct'", (m, _) =>
            $"a {Friendly(m.Groups["type"].Value)} is an array, which C# does not take apart with var (a, b) = …: take its elements as [0] and [1] (meshgrid gives such an array), or stack it into one tensor"),
        new("CS8129", @"^No suitable 'Deconstruct'", (_, site) =>
            site.All.Any(e => e.Code == "CS1061" && e.Message.Contains("'Deconstruct'", StringComparison.Ordinal)) ? null
                : "this value cannot be taken apart with (a, b) = …: only a tuple can"),

        // ---- names: case, nn.functional, Python ----
        new("CS1061", @"^'(?<type>[^']+)' does not contain a definition for '(?<name>\w+)'", (m, _) =>
        {
            var (type, name) = (m.Groups["type"].Value, m.Groups["name"].Value);
            var candidates = TorchNames.Resolve(type) is { } known ? TorchNames.Members(known) : TorchNames.ModelMembers;
            return DidYouMean(name, candidates) is { } meant
                ? $"{Friendly(type)} has no {name}: {meant}"
                : $"{Friendly(type)} has no member called {name}: check its spelling and case (C# tells Encode from encode), and that it belongs to this object";
        }),
        new("CS0117", @"^'(?<type>[^']+)' does not contain a definition for '(?<name>\w+)'", (m, _) =>
        {
            var (type, name) = (m.Groups["type"].Value, m.Groups["name"].Value);
            var meant = TorchNames.Resolve(type) is { } known ? DidYouMean(name, TorchNames.Members(known)) : null;
            return meant is not null ? $"{Friendly(type)} has no {name}: {meant}" : $"{Friendly(type)} has no {name}: check its spelling and case";
        }),
        new("CS0103", @"^The name '(?<name>\w+)' does not exist in the current context", (m, site) =>
        {
            var name = m.Groups["name"].Value;
            var after = site.Rest.Length >= name.Length ? site.Rest[name.Length..].TrimStart() : "";
            if (after.StartsWith('=') && !after.StartsWith("==", StringComparison.Ordinal))
                return $"C# names an argument with a colon: {name}: …, where Python writes {name}=…";
            if (Python.TryGetValue(name, out var python))
                return python;
            if (TorchNames.IsFunctional(name))
                return $"{name} lives in nn.functional: write nn.functional.{name}(…)";
            if (DidYouMean(name, TorchNames.TorchFunctions.Concat(TorchNames.ModelMembers)) is { } meant)
                return meant;
            return $"nothing called {name} is declared here: check its spelling and case; if a cell above declares it, run that cell first (after a restart the kernel has forgotten every cell)";
        }),
        new("CS0246", @"^The type or namespace name '(?<name>\w+)' could not be found", (m, _) =>
            $"C# knows no type called {m.Groups["name"].Value} here: check its spelling and case, and run the notebook's first cell, whose using lines bring TorchSharp's and the workbook's names"),
        new("CS0120", @"^An object reference is required for the non-static field, method, or property '(?<type>\w+)\.(?<member>\w+)", (m, _) =>
            $"{m.Groups["member"].Value} belongs to an object, not to the class {m.Groups["type"].Value}: call it on the model you made (vae.{m.Groups["member"].Value}(…), not {m.Groups["type"].Value}.{m.Groups["member"].Value}(…))"),

        // ---- Python's syntax ----
        new("CS0193", @"^The \* or -> operator must be applied to a pointer", (_, site) =>
            site.Line.Contains("**", StringComparison.Ordinal) ? "C# has no ** power operator: write x.pow(2), or x.square() for the square" : null),
        new("CS1001", @"^Identifier expected", Slice),
        new("CS0443", @"^Syntax error; value expected", Slice),
        new("CS1525", @"^Invalid expression term ':'", Slice),

        // ---- statements and methods ----
        new("CS1002", @"^; expected", (_, site) =>
            "a statement ends with a semicolon: put ; at the end of this line (only a cell's last line goes without, when its value is to be shown)"),
        new("CS1026", @"^\) expected", (_, _) => "a ( on this line is not closed: count the brackets"),
        new("CS1513", @"^\} expected", (_, _) => "a { is not closed: every { needs its }"),
        new("CS0201", @"^Only assignment, call, increment, decrement, await, and new object expressions can be used as a statement", (_, _) =>
            "this line computes a value and drops it: give it back with return …; or keep it, var y = …;"),
        new("CS0161", @"^'(?<method>[^'(]+)\(.*': not all code paths return a value", (m, _) =>
            $"{m.Groups["method"].Value} promises to give back a value: end it with return …;"),
        new("CS0428", @"^Cannot convert method group '(?<name>\w+)' to non-delegate type", (m, _) =>
            $"{m.Groups["name"].Value} without () names the method without calling it: write {m.Groups["name"].Value}()"),
        new("CS1955", @"^Non-invocable member '(?<name>[^']+)' cannot be used like a method", (m, _) =>
            $"{m.Groups["name"].Value.Split('.')[^1]} is a property, not a method: no (…) after it (x.shape[0] is the first size)"),
        new("CS7036", @"^There is no argument given that corresponds to the required parameter '(?<name>\w+)' of '(?<method>[^']+)'", (m, _) =>
            $"{Friendly(m.Groups["method"].Value)} also needs its argument {m.Groups["name"].Value}"),
        new("CS1501", @"^No overload for method '(?<method>\w+)' takes (?<n>\d+) arguments", (m, _) =>
            $"{m.Groups["method"].Value} does not take {m.Groups["n"].Value} arguments: hover over it to see what it takes"),
        new("CS0019", @"^Operator '(?<op>[^']+)' cannot be applied to operands of type '(?<a>[^']+)' and '(?<b>[^']+)'", (m, _) =>
            m.Groups["a"].Value.StartsWith('(') || m.Groups["b"].Value.StartsWith('(')
                ? $"one side of {m.Groups["op"].Value} is a tuple, not a tensor: take the tuple apart first, (a, b) = …"
                : $"C# has no {m.Groups["op"].Value} between a {Friendly(m.Groups["a"].Value)} and a {Friendly(m.Groups["b"].Value)}"),
        new("CS0165", @"^Use of unassigned local variable '(?<name>\w+)'", (m, _) =>
            $"{m.Groups["name"].Value} is read before it is given a value: assign it first"),
    ];

    /// <summary>Python's slice <c>x[:, 0]</c>, which C# writes with ranges.</summary>
    private static string? Slice(Match _, Site site) =>
        site.Line.Contains("[:", StringComparison.Ordinal) || site.Line.Contains(":]", StringComparison.Ordinal) || site.Line.Contains(", :", StringComparison.Ordinal)
            ? "C# slices with .., not : — x[.., 0] is column 0 of every row (Python's x[:, 0]), x[..n] the first n rows, x[n..] the rest"
            : null;
}
