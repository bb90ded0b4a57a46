// Views, reshapes, joins, indexing and conversions.
#include "common.h"

using vt::Dims;
using vt::H;
using vt::T;

extern "C" {

vt_tensor vt_reshape(vt_tensor a, const int64_t* shape, int ndim) { VT_TENSOR(T(a).reshape(Dims(shape, ndim))) }
vt_tensor vt_view(vt_tensor a, const int64_t* shape, int ndim) { VT_TENSOR(T(a).view(Dims(shape, ndim))) }
vt_tensor vt_flatten(vt_tensor a, int64_t start_dim, int64_t end_dim) { VT_TENSOR(T(a).flatten(start_dim, end_dim)) }
vt_tensor vt_permute(vt_tensor a, const int64_t* dims, int ndims) { VT_TENSOR(T(a).permute(Dims(dims, ndims))) }
vt_tensor vt_transpose(vt_tensor a, int64_t dim0, int64_t dim1) { VT_TENSOR(T(a).transpose(dim0, dim1)) }
vt_tensor vt_unsqueeze(vt_tensor a, int64_t dim) { VT_TENSOR(T(a).unsqueeze(dim)) }
vt_tensor vt_squeeze(vt_tensor a, const int64_t* dim) { VT_TENSOR(dim ? T(a).squeeze(*dim) : T(a).squeeze()) }
vt_tensor vt_expand(vt_tensor a, const int64_t* shape, int ndim) { VT_TENSOR(T(a).expand(Dims(shape, ndim))) }
vt_tensor vt_contiguous(vt_tensor a) { VT_TENSOR(T(a).contiguous()) }
vt_tensor vt_narrow(vt_tensor a, int64_t dim, int64_t start, int64_t length) {
  VT_TENSOR(T(a).narrow(dim, start, length))
}
vt_tensor vt_select(vt_tensor a, int64_t dim, int64_t index) { VT_TENSOR(T(a).select(dim, index)) }
vt_tensor vt_index_select(vt_tensor a, int64_t dim, vt_tensor index) { VT_TENSOR(T(a).index_select(dim, T(index))) }
vt_tensor vt_masked_select(vt_tensor a, vt_tensor mask) { VT_TENSOR(T(a).masked_select(T(mask))) }
vt_tensor vt_cat(const vt_tensor* tensors, int n, int64_t dim) { VT_TENSOR(at::cat(vt::List(tensors, n), dim)) }
vt_tensor vt_stack(const vt_tensor* tensors, int n, int64_t dim) { VT_TENSOR(at::stack(vt::List(tensors, n), dim)) }

int vt_chunk(vt_tensor a, int64_t chunks, int64_t dim, vt_tensor* out, int* count) {
  VT_STATUS({
    auto parts = T(a).chunk(chunks, dim);
    *count = static_cast<int>(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) out[i] = H(parts[i]);
  })
}

vt_tensor vt_to(vt_tensor a, int32_t dtype, int32_t device_type, int32_t device_index) {
  VT_TENSOR([&] {
    auto options = vt::Options(dtype, device_type, device_index);
    return T(a).to(options.device(), options.dtype().toScalarType());
  }())
}

vt_tensor vt_clone(vt_tensor a) { VT_TENSOR(T(a).clone()) }
vt_tensor vt_detach(vt_tensor a) { VT_TENSOR(T(a).detach()) }
vt_tensor vt_alias(vt_tensor a) { VT_TENSOR(T(a)) }
int vt_set_data(vt_tensor self, vt_tensor src) { VT_STATUS(T(self).set_data(T(src));) }

}  // extern "C"
