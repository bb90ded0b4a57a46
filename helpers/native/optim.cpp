// Adam, libtorch's own implementation, with its per-parameter state reachable for checkpoints.
#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/optim/adam.h>

#include <cmath>
#include <limits>

#include <memory>
#include <sstream>

#include "common.h"

using vt::H;
using vt::T;

namespace {

// libtorch's Adam, plus whether to take its steps with the fused kernel below.
struct Optimizer {
  torch::optim::Adam adam;
  bool fused;
};

Optimizer& O(vt_adam h) {
  if (h == nullptr) throw std::invalid_argument("optimizer handle is null (a disposed optimizer?)");
  return *reinterpret_cast<Optimizer*>(h);
}

torch::optim::Adam& A(vt_adam h) { return O(h).adam; }

// libtorch keys optimizer state by the parameter's TensorImpl: as a string in 1.x, as the pointer in 2.x.
template <class Map>
typename Map::key_type StateKey(const at::Tensor& p) {
  using Key = typename Map::key_type;
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream s;
    s << p.unsafeGetTensorImpl();
    return s.str();
  } else {
    return static_cast<Key>(p.unsafeGetTensorImpl());
  }
}

const at::Tensor& Param(torch::optim::Adam& opt, int index) {
  auto& params = opt.param_groups().at(0).params();
  if (index < 0 || static_cast<size_t>(index) >= params.size())
    throw std::out_of_range("parameter index " + std::to_string(index) + " out of range for an optimizer of " +
                            std::to_string(params.size()) + " parameters");
  return params[static_cast<size_t>(index)];
}

template <class Map>
torch::optim::AdamParamState& StateOf(Map& states, const at::Tensor& p, bool amsgrad) {
  auto key = StateKey<Map>(p);
  auto it = states.find(key);
  if (it == states.end()) {
    auto s = std::make_unique<torch::optim::AdamParamState>();
    s->step(0);
    s->exp_avg(at::zeros_like(p, at::MemoryFormat::Contiguous));
    s->exp_avg_sq(at::zeros_like(p, at::MemoryFormat::Contiguous));
    if (amsgrad) s->max_exp_avg_sq(at::zeros_like(p, at::MemoryFormat::Contiguous));
    it = states.emplace(std::move(key), std::move(s)).first;
  }
  return static_cast<torch::optim::AdamParamState&>(*it->second);
}

bool Fusable(const at::Tensor& t) {
  return t.defined() && t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous();
}

struct Coefficients {
  float b1, b2, c1, c2, step_size, bias2_sqrt, eps, decay;
};

// The same update as libtorch's Adam::step, in one pass over memory instead of eight:
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)
// (g includes weight decay; AMSGrad divides by the running max of v). Branch-free per variant so
// the compiler vectorizes it; target_clones builds AVX-512, AVX2 and baseline versions and picks
// one for the CPU at load time.
//
// Moments below the smallest normal float are stored as 0. Weights whose gradient stays 0 (those
// of MNIST's always-black border pixels, of dead ReLUs) have m ← 0.9 m decay into subnormal floats
// after ~800 steps, and arithmetic on subnormals takes microcode assists on x86: on the lecture
// model the step then cost three times forward and backward together, and epochs 2 and later took
// twice as long as the first. The update such a moment would make is below 1e-30.
template <bool Decay, bool AmsGrad>
__attribute__((target_clones("avx512f", "avx2", "default"))) void AdamKernel(
    float* __restrict P, const float* __restrict G, float* __restrict M, float* __restrict V,
    float* __restrict Vmax, int64_t begin, int64_t end, Coefficients k) {
  for (int64_t i = begin; i < end; ++i) {
    constexpr float tiny = std::numeric_limits<float>::min();
    const float grad = Decay ? G[i] + k.decay * P[i] : G[i];
    float m = M[i] * k.b1 + k.c1 * grad;
    float v = V[i] * k.b2 + k.c2 * grad * grad;
    m = std::fabs(m) < tiny ? 0.0f : m;
    v = v < tiny ? 0.0f : v;
    M[i] = m;
    V[i] = v;
    if (AmsGrad) v = Vmax[i] = std::max(Vmax[i], v);
    P[i] -= k.step_size * m / (std::sqrt(v) / k.bias2_sqrt + k.eps);
  }
}

// libtorch's version makes a separate pass and temporary per operation, which on the lecture
// model costs more than the network's backward pass. Results agree with it to float rounding.
void FusedStep(torch::optim::Adam& adam) {
  auto& group = adam.param_groups().at(0);
  auto& o = static_cast<torch::optim::AdamOptions&>(group.options());
  auto& states = adam.state();
  const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
  for (auto& p : group.params()) {
    const auto& g = p.grad();
    if (!g.defined()) continue;
    auto& s = StateOf(states, p, o.amsgrad());
    s.step(s.step() + 1);
    const double t = static_cast<double>(s.step());
    // The coefficients are rounded to float once, from double, as libtorch's scalar arguments are.
    const Coefficients k{static_cast<float>(beta1), static_cast<float>(beta2),
                         static_cast<float>(1 - beta1), static_cast<float>(1 - beta2),
                         static_cast<float>(o.lr() / (1 - std::pow(beta1, t))),
                         static_cast<float>(std::sqrt(1 - std::pow(beta2, t))),
                         static_cast<float>(o.eps()), static_cast<float>(o.weight_decay())};
    float* P = p.data_ptr<float>();
    const float* G = g.data_ptr<float>();
    float* M = s.exp_avg().data_ptr<float>();
    float* V = s.exp_avg_sq().data_ptr<float>();
    float* Vmax = o.amsgrad() ? s.max_exp_avg_sq().data_ptr<float>() : nullptr;
    const bool decay = k.decay != 0, amsgrad = Vmax != nullptr;
    at::parallel_for(0, p.numel(), 65536, [&](int64_t begin, int64_t end) {
      if (decay && amsgrad) AdamKernel<true, true>(P, G, M, V, Vmax, begin, end, k);
      else if (decay) AdamKernel<true, false>(P, G, M, V, Vmax, begin, end, k);
      else if (amsgrad) AdamKernel<false, true>(P, G, M, V, Vmax, begin, end, k);
      else AdamKernel<false, false>(P, G, M, V, Vmax, begin, end, k);
    });
  }
}

}  // namespace

extern "C" {

vt_adam vt_adam_new(const vt_tensor* params, int n, double lr, double beta1, double beta2, double eps,
                    double weight_decay, int amsgrad, int fused) {
  VT_CATCH(nullptr, {
    auto options = torch::optim::AdamOptions(lr)
                       .betas(std::make_tuple(beta1, beta2))
                       .eps(eps)
                       .weight_decay(weight_decay)
                       .amsgrad(amsgrad != 0);
    return reinterpret_cast<vt_adam>(new Optimizer{torch::optim::Adam(vt::List(params, n), options), fused != 0});
  })
}

void vt_adam_free(vt_adam opt) { delete reinterpret_cast<Optimizer*>(opt); }

int vt_adam_step(vt_adam opt) {
  VT_STATUS({
    RECORD_USER_SCOPE("optim::Adam.step");
    at::NoGradGuard no_grad;
    auto& o = O(opt);
    auto& params = o.adam.param_groups().at(0).params();
    // The fused kernel covers contiguous float32 CPU parameters; anything else takes libtorch's path.
    bool fusable = o.fused && std::all_of(params.begin(), params.end(), [](const at::Tensor& p) {
      return Fusable(p) && (!p.grad().defined() || Fusable(p.grad()));
    });
    if (fusable)
      FusedStep(o.adam);
    else
      o.adam.step();
  })
}

int vt_adam_zero_grad(vt_adam opt) {
  VT_STATUS({
    for (auto& p : A(opt).param_groups().at(0).params())
      if (p.grad().defined()) p.mutable_grad() = at::Tensor();
  })
}

int vt_adam_set_lr(vt_adam opt, double lr) {
  VT_STATUS(static_cast<torch::optim::AdamOptions&>(A(opt).param_groups().at(0).options()).lr(lr);)
}

int vt_adam_get_state(vt_adam opt, int param, int64_t* step, vt_tensor* exp_avg, vt_tensor* exp_avg_sq,
                      vt_tensor* max_exp_avg_sq) {
  VT_STATUS({
    auto& o = A(opt);
    auto& states = o.state();
    auto it = states.find(StateKey<std::decay_t<decltype(states)>>(Param(o, param)));
    *step = 0;
    *exp_avg = *exp_avg_sq = *max_exp_avg_sq = nullptr;
    if (it != states.end()) {
      auto& s = static_cast<torch::optim::AdamParamState&>(*it->second);
      // Copies: step() updates the moments in place, and a checkpoint must not move with them.
      *step = s.step();
      *exp_avg = H(s.exp_avg().clone());
      *exp_avg_sq = H(s.exp_avg_sq().clone());
      if (s.max_exp_avg_sq().defined()) *max_exp_avg_sq = H(s.max_exp_avg_sq().clone());
    }
  })
}

int vt_adam_set_state(vt_adam opt, int param, int64_t step, vt_tensor exp_avg, vt_tensor exp_avg_sq,
                      vt_tensor max_exp_avg_sq) {
  VT_STATUS({
    auto& o = A(opt);
    const auto& p = Param(o, param);
    auto check = [&](const at::Tensor& t, const char* name) {
      if (!t.sizes().equals(p.sizes()))
        throw std::invalid_argument(std::string("Adam state ") + name + " of parameter " + std::to_string(param) +
                                    " has shape " + c10::str(t.sizes()) + " but the parameter has " +
                                    c10::str(p.sizes()));
      return t.detach().to(p.options()).clone(at::MemoryFormat::Contiguous);
    };
    auto s = std::make_unique<torch::optim::AdamParamState>();
    s->step(step);
    s->exp_avg(check(T(exp_avg), "exp_avg"));
    s->exp_avg_sq(check(T(exp_avg_sq), "exp_avg_sq"));
    if (max_exp_avg_sq) s->max_exp_avg_sq(check(T(max_exp_avg_sq), "max_exp_avg_sq"));
    auto& states = o.state();
    states[StateKey<std::decay_t<decltype(states)>>(p)] = std::move(s);
  })
}

}  // extern "C"
