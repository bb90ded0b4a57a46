// Element-wise operations, matmul and reductions.
#include "common.h"

using vt::H;
using vt::S;
using vt::T;

namespace {

at::Tensor unary(int32_t op, const at::Tensor& a) {
  switch (op) {
    case VT_NEG: return at::neg(a);
    case VT_EXP: return at::exp(a);
    case VT_LOG: return at::log(a);
    case VT_LOG1P: return at::log1p(a);
    case VT_SQRT: return at::sqrt(a);
    case VT_ABS: return at::abs(a);
    case VT_SIGMOID: return at::sigmoid(a);
    case VT_RELU: return at::relu(a);
    case VT_TANH: return at::tanh(a);
    case VT_SOFTPLUS: return at::softplus(a, 1, 20);
    case VT_SQUARE: return at::square(a);
    case VT_FLOOR: return at::floor(a);
    case VT_ROUND: return at::round(a);
    case VT_SIGN: return at::sign(a);
    case VT_ISNAN: return at::isnan(a);
    case VT_ISFINITE: return at::isfinite(a);
    case VT_LOGICAL_NOT: return at::logical_not(a);
    case VT_BERNOULLI: return at::bernoulli(a);
  }
  throw std::invalid_argument("unknown unary op " + std::to_string(op));
}

// Tensor-tensor and tensor-scalar share one body: Other is at::Tensor or at::Scalar.
template <class Other>
at::Tensor binary(int32_t op, const at::Tensor& a, const Other& b) {
  switch (op) {
    case VT_ADD: return at::add(a, b);
    case VT_SUB: return at::sub(a, b);
    case VT_MUL: return at::mul(a, b);
    case VT_DIV: return at::div(a, b);
    case VT_POW: return at::pow(a, b);
    case VT_EQ: return at::eq(a, b);
    case VT_NE: return at::ne(a, b);
    case VT_LT: return at::lt(a, b);
    case VT_LE: return at::le(a, b);
    case VT_GT: return at::gt(a, b);
    case VT_GE: return at::ge(a, b);
  }
  if constexpr (std::is_same_v<Other, at::Tensor>) {
    switch (op) {
      case VT_MAXIMUM: return at::maximum(a, b);
      case VT_MINIMUM: return at::minimum(a, b);
      case VT_LOGICAL_AND: return at::logical_and(a, b);
      case VT_LOGICAL_OR: return at::logical_or(a, b);
    }
  } else {
    switch (op) {
      case VT_RSUB: return at::rsub(a, b);
      case VT_RDIV: return at::mul(at::reciprocal(a), b);
      case VT_RPOW: return at::pow(b, a);
    }
  }
  throw std::invalid_argument("binary op " + std::to_string(op) + " is not defined for these operands");
}

template <class Other>
void binary_(int32_t op, at::Tensor& a, const Other& b) {
  switch (op) {
    case VT_ADD: a.add_(b); return;
    case VT_SUB: a.sub_(b); return;
    case VT_MUL: a.mul_(b); return;
    case VT_DIV: a.div_(b); return;
    case VT_POW: a.pow_(b); return;
  }
  throw std::invalid_argument("in-place binary op " + std::to_string(op) + " is not supported");
}

}  // namespace

extern "C" {

vt_tensor vt_unary(int32_t op, vt_tensor a) { VT_TENSOR(unary(op, T(a))) }
vt_tensor vt_binary(int32_t op, vt_tensor a, vt_tensor b) { VT_TENSOR(binary(op, T(a), T(b))) }
vt_tensor vt_binary_scalar(int32_t op, vt_tensor a, vt_scalar b) { VT_TENSOR(binary(op, T(a), S(b))) }
int vt_binary_(int32_t op, vt_tensor self, vt_tensor other) { VT_STATUS(binary_(op, T(self), T(other));) }
int vt_binary_scalar_(int32_t op, vt_tensor self, vt_scalar other) { VT_STATUS(binary_(op, T(self), S(other));) }

vt_tensor vt_clamp(vt_tensor a, const double* min, const double* max) {
  VT_TENSOR([&] {
    c10::optional<at::Scalar> lo, hi;
    if (min) lo = *min;
    if (max) hi = *max;
    return at::clamp(T(a), lo, hi);
  }())
}

vt_tensor vt_where(vt_tensor condition, vt_tensor a, vt_tensor b) { VT_TENSOR(at::where(T(condition), T(a), T(b))) }
vt_tensor vt_matmul(vt_tensor a, vt_tensor b) { VT_TENSOR(at::matmul(T(a), T(b))) }
int vt_copy_(vt_tensor self, vt_tensor src) { VT_STATUS(T(self).copy_(T(src));) }
int vt_fill_(vt_tensor self, vt_scalar value) { VT_STATUS(T(self).fill_(S(value));) }

vt_tensor vt_reduce(int32_t op, vt_tensor a, const int64_t* dims, int ndims, int keepdim) {
  VT_TENSOR([&] {
    auto& x = T(a);
    bool all = ndims == 0;
    // An empty dim list means "every dimension"; ops that take no empty list get them spelled out.
    std::vector<int64_t> every(static_cast<size_t>(x.dim()));
    for (int64_t i = 0; i < x.dim(); ++i) every[static_cast<size_t>(i)] = i;
    at::IntArrayRef d = all ? at::IntArrayRef(every) : vt::Dims(dims, ndims);
    bool k = keepdim != 0;
    switch (op) {
      case VT_SUM: return all && !k ? x.sum() : x.sum(d, k);
      case VT_MEAN: return all && !k ? x.mean() : x.mean(d, k);
      case VT_AMAX: return at::amax(x, d, k);
      case VT_AMIN: return at::amin(x, d, k);
      case VT_LOGSUMEXP: return at::logsumexp(x, d, k);
      case VT_VAR: return at::var(x, d, /*unbiased=*/true, k);
      case VT_STD: return at::std(x, d, /*unbiased=*/true, k);
    }
    throw std::invalid_argument("unknown reduction " + std::to_string(op));
  }())
}

vt_tensor vt_argmax(vt_tensor a, const int64_t* dim, int keepdim) {
  VT_TENSOR(dim ? at::argmax(T(a), *dim, keepdim != 0) : at::argmax(T(a)))
}

}  // extern "C"
