// Gradients: requires_grad, backward, grad, and the grad mode behind no_grad.
// ATen/ATen.h brought GradMode in by accident in 1.13 and no longer does in 2.x; this header
// declares at::GradMode in both.
#include <ATen/core/grad_mode.h>

#include "common.h"

using vt::H;
using vt::T;

extern "C" {

int vt_requires_grad(vt_tensor t, int* value) { VT_STATUS(*value = T(t).requires_grad() ? 1 : 0;) }
int vt_set_requires_grad(vt_tensor t, int value) { VT_STATUS(T(t).requires_grad_(value != 0);) }
int vt_is_leaf(vt_tensor t, int* value) { VT_STATUS(*value = T(t).is_leaf() ? 1 : 0;) }

vt_tensor vt_grad(vt_tensor t, int* defined) {
  VT_CATCH(nullptr, {
    const auto& g = T(t).grad();
    *defined = g.defined() ? 1 : 0;
    return g.defined() ? H(g) : nullptr;
  })
}

int vt_zero_grad(vt_tensor t) {
  VT_STATUS({
    // Dropping the gradient (PyTorch's set_to_none) saves a fill and lets backward write it fresh.
    auto& x = T(t);
    if (x.grad().defined()) x.mutable_grad() = at::Tensor();
  })
}

int vt_backward(vt_tensor t, vt_tensor gradient, int retain_graph) {
  VT_STATUS(T(t).backward(vt::Opt(gradient), retain_graph ? c10::optional<bool>(true) : c10::nullopt);)
}

int vt_grad_enabled(void) { return at::GradMode::is_enabled() ? 1 : 0; }
void vt_set_grad_enabled(int enabled) { at::GradMode::set_enabled(enabled != 0); }

}  // extern "C"
