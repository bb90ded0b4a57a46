// Adam, libtorch's own implementation, with its per-parameter state reachable for checkpoints.
#include <torch/optim/adam.h>

#include <memory>
#include <sstream>

#include "common.h"

using vt::H;
using vt::T;

namespace {

torch::optim::Adam& A(vt_adam h) {
  if (h == nullptr) throw std::invalid_argument("optimizer handle is null (a disposed optimizer?)");
  return *reinterpret_cast<torch::optim::Adam*>(h);
}

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

}  // namespace

extern "C" {

vt_adam vt_adam_new(const vt_tensor* params, int n, double lr, double beta1, double beta2, double eps,
                    double weight_decay, int amsgrad) {
  VT_CATCH(nullptr, {
    auto options = torch::optim::AdamOptions(lr)
                       .betas(std::make_tuple(beta1, beta2))
                       .eps(eps)
                       .weight_decay(weight_decay)
                       .amsgrad(amsgrad != 0);
    return reinterpret_cast<vt_adam>(new torch::optim::Adam(vt::List(params, n), options));
  })
}

void vt_adam_free(vt_adam opt) { delete reinterpret_cast<torch::optim::Adam*>(opt); }

int vt_adam_step(vt_adam opt) {
  VT_STATUS({
    at::NoGradGuard no_grad;
    A(opt).step();
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
      return t.detach().to(p.options()).clone();
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
