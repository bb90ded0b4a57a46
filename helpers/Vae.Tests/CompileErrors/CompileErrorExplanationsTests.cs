using Vae.CompileErrors;

namespace Vae.Tests.CompileErrors;

/// <summary>
/// The catalogue on the compiler's messages as the kernel reports them (collected from the real kernel; the kernel itself
/// is in <see cref="KernelMiddlewareTests"/>): each error it knows gets its line, in the cell's terms.
/// </summary>
public sealed class CompileErrorExplanationsTests
{
    private static string? One(string code, string message, string cell, int line = 0, int column = 0) =>
        CompileErrorExplanations.Explain(new CompilerError(code, message, line, column), cell);

    [Fact]
    public void TheLines_NameTheCellsLineAndTheCode_InTheCompilersOrder_OncePerExplanation()
    {
        const string cell = "Tensor z_mu;\nvar (z_mu, _) = vae.encode(x);\nvar m = x.mean(1);\nvar k = x.mean(1);";
        IReadOnlyList<CompilerError> errors =
        [
            new("CS0102", "The type 'Submission#2' already contains a definition for 'z_mu'", 1, 5),
            new("CS1503", "Argument 1: cannot convert from 'int' to 'long[]'", 2, 15),
            new("CS1503", "Argument 1: cannot convert from 'int' to 'long[]'", 3, 15),   // the same explanation: said once
            new("CS9999", "Something this catalogue does not know", 3, 0),
        ];

        var lines = CompileErrorExplanations.Explain(errors, cell);

        Assert.Equal(
        [
            "💡 line 2 (CS0102): z_mu is already declared above (Tensor z_mu;): give it its value without declaring it again, with no var or type before it; a pair goes into it as (z_mu, _) = …",
            "💡 line 3 (CS1503): TorchSharp's mean takes its dimensions as an array: .mean([1]), not .mean(1) (sum also takes a plain number, .sum(1); mean does not)",
        ], lines);
    }

    [Fact]
    public void ErrorsThatOnlyFollowFromAnother_AreNotExplained()
    {
        // var (mu, _) = vae.Encode(x): the compiler adds that it cannot tell mu's type, because Encode does not exist.
        IReadOnlyList<CompilerError> errors =
        [
            new("CS8130", "Cannot infer the type of implicitly-typed deconstruction variable 'mu'.", 0, 5),
            new("CS1061", "'VAE' does not contain a definition for 'Encode' and no accessible extension method 'Encode' accepting a first argument of type 'VAE' could be found (are you missing a using directive or an assembly reference?)", 0, 18),
            new("CS8183", "Cannot infer the type of implicitly-typed discard.", 0, 9),
        ];

        var line = Assert.Single(CompileErrorExplanations.Explain(errors, "var (mu, _) = vae.Encode(x);"));

        Assert.Equal("💡 line 1 (CS1061): VAE has no Encode: did you mean encode? C# tells Encode from encode", line);
    }

    [Theory]
    // The same name in another case, found among TorchSharp's own members.
    [InlineData("CS1061", "'torch.Tensor' does not contain a definition for 'Sigmoid' and no accessible extension method", "var p = x.Sigmoid();", 10,
        "Tensor has no Sigmoid: did you mean sigmoid? C# tells Sigmoid from sigmoid")]
    [InlineData("CS0117", "'torch' does not contain a definition for 'Randn'", "var e = torch.Randn(3);", 14, "torch has no Randn: did you mean randn? C# tells Randn from randn")]
    [InlineData("CS0103", "The name 'randn_Like' does not exist in the current context", "var e = randn_Like(s);", 8, "did you mean randn_like? C# tells randn_Like from randn_like")]
    [InlineData("CS0103", "The name 'relu' does not exist in the current context", "var h = relu(x);", 8, "relu lives in nn.functional: write nn.functional.relu(…)")]
    [InlineData("CS0103", "The name 'True' does not exist in the current context", "var b = True;", 8, "C# writes true for Python's True")]
    [InlineData("CS0103", "The name 'keepdim' does not exist in the current context", "var m = x.sum(1, keepdim = true);", 17, "C# names an argument with a colon: keepdim: …, where Python writes keepdim=…")]
    [InlineData("CS0103", "The name 'n' does not exist in the current context", "var m = n == 2;", 8, "nothing called n is declared here")]
    [InlineData("CS1503", "Argument 1: cannot convert from '(int, int)' to 'long[]'", "var r = randn((64, 2));", 14, "a shape is not a tuple in C#")]
    [InlineData("CS1503", "Argument 2: cannot convert from 'double' to 'long'", "var c = x.chunk(2, 1.0);", 19, "argument 2 of chunk is a double, but a long goes there")]
    [InlineData("CS0266", "Cannot implicitly convert type 'double' to 'float'. An explicit conversion exists (are you missing a cast?)", "float l = t.item<double>();", 10,
        "a double does not go into a float by itself")]
    [InlineData("CS0029", "Cannot implicitly convert type 'TorchSharp.torch.Tensor' to 'float'", "float l = loss;", 10, "a Tensor is not a float: take the number out of a one-element tensor with .item<float>()")]
    [InlineData("CS1955", "Non-invocable member 'torch.Tensor.shape' cannot be used like a method.", "var n = x.shape(0);", 10, "shape is a property, not a method")]
    [InlineData("CS0128", "A local variable or function named 'h' is already defined in this scope", "var h = 1; var h = 2;", 15, "h is already declared in this block")]
    [InlineData("CS0201", "Only assignment, call, increment, decrement, await, and new object expressions can be used as a statement", "{ z_mu + z_sigma; }", 2,
        "this line computes a value and drops it")]
    [InlineData("CS7036", "There is no argument given that corresponds to the required parameter 'z_sigma' of 'VAE.reparameterize(torch.Tensor, torch.Tensor)'", "vae.reparameterize(mu)", 4,
        "VAE.reparameterize(Tensor, Tensor) also needs its argument z_sigma")]
    [InlineData("CS0246", "The type or namespace name 'Sequentail' could not be found (are you missing a using directive or an assembly reference?)", "Sequentail s;", 0,
        "C# knows no type called Sequentail here")]
    [InlineData("CS0019", "Operator '*' cannot be applied to operands of type '(torch.Tensor z_mu, torch.Tensor z_sigma)' and 'double'", "var y = vae.encode(x) * 2.0;", 8,
        "one side of * is a tuple, not a tensor")]
    public void AKnownError_GetsItsLine(string code, string message, string cell, int column, string expected)
    {
        var line = One(code, message, cell, column: column);

        Assert.NotNull(line);
        Assert.Contains(expected, line);
    }

    [Theory]
    [InlineData("CS0193", "The * or -> operator must be applied to a pointer", "var p = *q;")]          // a pointer, not Python's **
    [InlineData("CS1001", "Identifier expected", "var x = new ();")]                                  // not a slice
    [InlineData("CS1729", "'Sequential' does not contain a constructor that takes 0 arguments", "new Sequential()")]
    [InlineData("", "", "")]
    public void AnErrorItCannotPlace_GetsNoLine_RatherThanAWrongOne(string code, string message, string cell) =>
        Assert.Null(One(code, message, cell, column: 8));

    [Fact]
    public void ALinePastTheCell_OrAColumnPastTheLine_DoesNotThrow()
    {
        var lines = CompileErrorExplanations.Explain([new CompilerError("CS0103", "The name 'dim' does not exist in the current context", 7, 400)], "x");

        Assert.Equal("💡 line 8 (CS0103): nothing called dim is declared here: check its spelling and case; if a cell above declares it, run that cell first (after a restart the kernel has forgotten every cell)",
            Assert.Single(lines));
    }
}
