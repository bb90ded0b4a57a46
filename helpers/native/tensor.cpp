// Tensor lifetime, properties, data in and out, and creation.
#include <cstring>
#include <sstream>

#include "common.h"

using vt::H;
using vt::T;

extern "C" {

void vt_tensor_free(vt_tensor t) { delete reinterpret_cast<at::Tensor*>(t); }

int vt_tensor_ndim(vt_tensor t, int64_t* ndim) { VT_STATUS(*ndim = T(t).dim();) }

int vt_tensor_shape(vt_tensor t, int64_t* shape) {
  VT_STATUS({
    auto sizes = T(t).sizes();
    std::copy(sizes.begin(), sizes.end(), shape);
  })
}

int vt_tensor_dtype(vt_tensor t, int32_t* dtype) { VT_STATUS(*dtype = static_cast<int32_t>(T(t).scalar_type());) }

int vt_tensor_device(vt_tensor t, int32_t* type, int32_t* index) {
  VT_STATUS({
    auto d = T(t).device();
    *type = static_cast<int32_t>(d.type());
    *index = d.has_index() ? d.index() : -1;
  })
}

int vt_tensor_numel(vt_tensor t, int64_t* numel) { VT_STATUS(*numel = T(t).numel();) }

int vt_tensor_item(vt_tensor t, double* real, int64_t* integer) {
  VT_STATUS({
    auto& x = T(t);
    if (x.numel() != 1)
      throw std::invalid_argument("item() needs a tensor with exactly one element, got shape " +
                                  c10::str(x.sizes()));
    auto s = x.item();
    if (s.isIntegral(false) || s.isBoolean()) {
      *integer = s.to<int64_t>();
      *real = static_cast<double>(*integer);
    } else {
      *real = s.to<double>();
      *integer = static_cast<int64_t>(*real);
    }
  })
}

char* vt_tensor_to_string(vt_tensor t) {
  VT_CATCH(nullptr, {
    std::ostringstream out;
    out << T(t);
    return strdup(out.str().c_str());
  })
}

vt_tensor vt_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int ndim, int32_t dtype,
                              int32_t device_type, int32_t device_index) {
  VT_TENSOR([&] {
    // One copy into libtorch-owned memory, then (only for another device) one transfer.
    auto t = at::empty(vt::Dims(shape, ndim), at::TensorOptions().dtype(vt::Dtype(dtype)));
    if (static_cast<int64_t>(t.nbytes()) != nbytes)
      throw std::invalid_argument("data holds " + std::to_string(nbytes) + " bytes but shape " +
                                  c10::str(t.sizes()) + " of " + std::string(c10::toString(t.scalar_type())) +
                                  " needs " + std::to_string(t.nbytes()));
    if (nbytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
    auto device = vt::Options(dtype, device_type, device_index).device();
    return device.is_cpu() ? t : t.to(device);
  }())
}

int vt_tensor_copy_to(vt_tensor t, void* dst, int64_t nbytes) {
  VT_STATUS({
    auto x = T(t).detach().to(at::kCPU).contiguous();
    if (static_cast<int64_t>(x.nbytes()) != nbytes)
      throw std::invalid_argument("destination holds " + std::to_string(nbytes) + " bytes but the tensor has " +
                                  std::to_string(x.nbytes()));
    if (nbytes > 0) std::memcpy(dst, x.data_ptr(), static_cast<size_t>(nbytes));
  })
}

vt_tensor vt_new(int32_t fill, const int64_t* shape, int ndim, int32_t dtype, int32_t device_type,
                 int32_t device_index) {
  VT_TENSOR([&] {
    auto size = vt::Dims(shape, ndim);
    auto options = vt::Options(dtype, device_type, device_index);
    switch (fill) {
      case VT_EMPTY: return at::empty(size, options);
      case VT_ZEROS: return at::zeros(size, options);
      case VT_ONES: return at::ones(size, options);
      case VT_RAND: return at::rand(size, options);
      case VT_RANDN: return at::randn(size, options);
    }
    throw std::invalid_argument("unknown fill " + std::to_string(fill));
  }())
}

vt_tensor vt_full(const int64_t* shape, int ndim, vt_scalar value, int32_t dtype, int32_t device_type,
                  int32_t device_index) {
  VT_TENSOR(at::full(vt::Dims(shape, ndim), vt::S(value), vt::Options(dtype, device_type, device_index)))
}

vt_tensor vt_arange(vt_scalar start, vt_scalar end, vt_scalar step, int32_t dtype, int32_t device_type,
                    int32_t device_index) {
  VT_TENSOR(at::arange(vt::S(start), vt::S(end), vt::S(step), vt::Options(dtype, device_type, device_index)))
}

vt_tensor vt_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device_type,
                      int32_t device_index) {
  VT_TENSOR(at::linspace(start, end, steps, vt::Options(dtype, device_type, device_index)))
}

vt_tensor vt_randperm(int64_t n, int32_t device_type, int32_t device_index) {
  VT_TENSOR(at::randperm(n, vt::Options(static_cast<int32_t>(at::kLong), device_type, device_index)))
}

vt_tensor vt_like(int32_t fill, vt_tensor t) {
  VT_TENSOR([&] {
    auto& x = T(t);
    switch (fill) {
      case VT_EMPTY: return at::empty_like(x);
      case VT_ZEROS: return at::zeros_like(x);
      case VT_ONES: return at::ones_like(x);
      case VT_RAND: return at::rand_like(x);
      case VT_RANDN: return at::randn_like(x);
    }
    throw std::invalid_argument("unknown fill " + std::to_string(fill));
  }())
}

}  // extern "C"
