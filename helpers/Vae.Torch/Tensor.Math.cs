using Vae.Torch.Native;
using static Vae.Torch.Native.NativeMethods;

namespace Vae.Torch;

// Element-wise math, operators with broadcasting and scalars, matmul, reductions.
public sealed unsafe partial class Tensor
{
    private Tensor Unary(UnaryOp op) => new(vt_unary((int)op, Handle));
    private Tensor Binary(BinaryOp op, Tensor other) => new(vt_binary((int)op, Handle, other.Handle));
    private Tensor Binary(BinaryOp op, Scalar other) => new(vt_binary_scalar((int)op, Handle, other.Value));

    private Tensor InPlace(BinaryOp op, Tensor other)
    {
        Check(vt_binary_((int)op, Handle, other.Handle));
        return this;
    }

    private Tensor InPlace(BinaryOp op, Scalar other)
    {
        Check(vt_binary_scalar_((int)op, Handle, other.Value));
        return this;
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b);
    public static Tensor operator +(Tensor a, Scalar b) => a.Binary(BinaryOp.Add, b);
    public static Tensor operator +(Scalar a, Tensor b) => b.Binary(BinaryOp.Add, a);
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b);
    public static Tensor operator -(Tensor a, Scalar b) => a.Binary(BinaryOp.Sub, b);
    public static Tensor operator -(Scalar a, Tensor b) => b.Binary(BinaryOp.RSub, a);
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b);
    public static Tensor operator *(Tensor a, Scalar b) => a.Binary(BinaryOp.Mul, b);
    public static Tensor operator *(Scalar a, Tensor b) => b.Binary(BinaryOp.Mul, a);
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b);
    public static Tensor operator /(Tensor a, Scalar b) => a.Binary(BinaryOp.Div, b);
    public static Tensor operator /(Scalar a, Tensor b) => b.Binary(BinaryOp.RDiv, a);
    public static Tensor operator -(Tensor a) => a.Unary(UnaryOp.Neg);

    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other);
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other);
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor neg() => Unary(UnaryOp.Neg);

    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);
    public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other);
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);
    public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other);
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);
    public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other);
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);
    public Tensor le(Scalar other) => Binary(BinaryOp.Le, other);
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);
    public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other);
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);
    public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other);
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);

    public Tensor exp() => Unary(UnaryOp.Exp);
    public Tensor log() => Unary(UnaryOp.Log);
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor square() => Unary(UnaryOp.Square);
    public Tensor abs() => Unary(UnaryOp.Abs);
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor relu() => Unary(UnaryOp.Relu);
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    public Tensor softplus() => Unary(UnaryOp.Softplus);
    public Tensor floor() => Unary(UnaryOp.Floor);
    public Tensor round() => Unary(UnaryOp.Round);
    public Tensor sign() => Unary(UnaryOp.Sign);
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);

    /// <summary>A 0/1 sample per element with this tensor's values as probabilities.</summary>
    public Tensor bernoulli() => Unary(UnaryOp.Bernoulli);

    public Tensor clamp(double? min = null, double? max = null)
    {
        double lo = min ?? 0, hi = max ?? 0;
        return new(vt_clamp(Handle, min.HasValue ? &lo : null, max.HasValue ? &hi : null));
    }

    public Tensor clamp_min(double min) => clamp(min: min);
    public Tensor clamp_max(double max) => clamp(max: max);

    public Tensor matmul(Tensor other) => new(vt_matmul(Handle, other.Handle));

    // ---- in place ----
    public Tensor add_(Tensor other) => InPlace(BinaryOp.Add, other);
    public Tensor add_(Scalar other) => InPlace(BinaryOp.Add, other);
    public Tensor sub_(Tensor other) => InPlace(BinaryOp.Sub, other);
    public Tensor sub_(Scalar other) => InPlace(BinaryOp.Sub, other);
    public Tensor mul_(Tensor other) => InPlace(BinaryOp.Mul, other);
    public Tensor mul_(Scalar other) => InPlace(BinaryOp.Mul, other);
    public Tensor div_(Tensor other) => InPlace(BinaryOp.Div, other);
    public Tensor div_(Scalar other) => InPlace(BinaryOp.Div, other);

    public Tensor copy_(Tensor source)
    {
        Check(vt_copy_(Handle, source.Handle));
        return this;
    }

    public Tensor fill_(Scalar value)
    {
        Check(vt_fill_(Handle, value.Value));
        return this;
    }

    public Tensor zero_() => fill_(0);

    // ---- reductions: over all elements, one dimension, or several ----
    private Tensor Reduce(ReduceOp op, ReadOnlySpan<long> dims, bool keepdim)
    {
        fixed (long* p = dims) return new(vt_reduce((int)op, Handle, p, dims.Length, keepdim ? 1 : 0));
    }

    public Tensor sum() => Reduce(ReduceOp.Sum, default, false);
    public Tensor sum(long dim, bool keepdim = false) => Reduce(ReduceOp.Sum, [dim], keepdim);
    public Tensor sum(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Sum, dims, keepdim);
    public Tensor mean() => Reduce(ReduceOp.Mean, default, false);
    public Tensor mean(long dim, bool keepdim = false) => Reduce(ReduceOp.Mean, [dim], keepdim);
    public Tensor mean(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Mean, dims, keepdim);
    public Tensor amax() => Reduce(ReduceOp.Amax, default, false);
    public Tensor amax(long dim, bool keepdim = false) => Reduce(ReduceOp.Amax, [dim], keepdim);
    public Tensor amax(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amax, dims, keepdim);
    public Tensor amin() => Reduce(ReduceOp.Amin, default, false);
    public Tensor amin(long dim, bool keepdim = false) => Reduce(ReduceOp.Amin, [dim], keepdim);
    public Tensor amin(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amin, dims, keepdim);

    /// <summary>log Σ exp(x), computed without overflow; over all elements, one dimension or several.</summary>
    public Tensor logsumexp() => Reduce(ReduceOp.LogSumExp, default, false);
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim);
    public Tensor logsumexp(long[] dims, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, dims, keepdim);
    public Tensor var() => Reduce(ReduceOp.Var, default, false);
    public Tensor var(long dim, bool keepdim = false) => Reduce(ReduceOp.Var, [dim], keepdim);
    public Tensor std() => Reduce(ReduceOp.Std, default, false);
    public Tensor std(long dim, bool keepdim = false) => Reduce(ReduceOp.Std, [dim], keepdim);

    public Tensor argmax() => new(vt_argmax(Handle, null, 0));
    public Tensor argmax(long dim, bool keepdim = false) => new(vt_argmax(Handle, &dim, keepdim ? 1 : 0));
}
