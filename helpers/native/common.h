// Shared by every area file: handle conversion and the single error path.
#pragma once
#include <ATen/ATen.h>

#include <string>
#include <vector>

#include "vaetorch.h"

namespace vt {

void set_error(const char* message);

inline at::Tensor& T(vt_tensor h) {
  if (h == nullptr) throw std::invalid_argument("tensor handle is null (a disposed tensor?)");
  return *reinterpret_cast<at::Tensor*>(h);
}
inline vt_tensor H(at::Tensor t) { return reinterpret_cast<vt_tensor>(new at::Tensor(std::move(t))); }
// An optional argument: NULL means "not given", which ATen spells as an undefined tensor.
inline at::Tensor Opt(vt_tensor h) { return h == nullptr ? at::Tensor() : T(h); }

inline at::Scalar S(vt_scalar s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.integer);
    case 2: return at::Scalar(s.integer != 0);
    default: return at::Scalar(s.real);
  }
}
inline at::IntArrayRef Dims(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
// libtorch indexes tables by the element type unchecked: an unknown number must stop here, not crash there.
inline at::ScalarType Dtype(int32_t dtype) {
  if (dtype < 0 || dtype >= static_cast<int32_t>(at::ScalarType::NumOptions))
    throw std::invalid_argument("unknown dtype " + std::to_string(dtype) + " (not a c10::ScalarType)");
  return static_cast<at::ScalarType>(dtype);
}
inline at::TensorOptions Options(int32_t dtype, int32_t device_type, int32_t device_index) {
  return at::TensorOptions()
      .dtype(Dtype(dtype))
      .device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}
inline std::vector<at::Tensor> List(const vt_tensor* hs, int n) {
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(T(hs[i]));
  return out;
}

}  // namespace vt

// Every entry point's body runs inside one of these: a C++ exception becomes the thread's error
// message and the failure value, so nothing thrown in libtorch can unwind into C#.
#define VT_CATCH(fail, ...)                                        \
  try {                                                            \
    __VA_ARGS__                                                    \
  } catch (const c10::Error& e) {                                  \
    vt::set_error(e.what_without_backtrace());                     \
  } catch (const std::exception& e) {                              \
    vt::set_error(e.what());                                       \
  } catch (...) {                                                  \
    vt::set_error("unknown C++ exception in libtorch");            \
  }                                                                \
  return fail;

#define VT_TENSOR(...) VT_CATCH(nullptr, return vt::H(__VA_ARGS__);)
#define VT_STATUS(...) VT_CATCH(-1, __VA_ARGS__ return 0;)
