// C ABI over libtorch for the Vae.Torch binding.
//
// Conventions (one error path for everything):
//  - Tensors and optimizers are opaque handles owned by the caller and freed with *_free.
//  - A function that returns a handle returns NULL on failure; one that returns int returns
//    0 on success and -1 on failure. Either way vt_last_error() then holds libtorch's message
//    for this thread. No C++ exception ever crosses this boundary.
//  - Optional tensor arguments are NULL when absent.
//  - Enumerations use libtorch's own numbering (c10::ScalarType, c10::DeviceType,
//    at::Reduction) so the binding needs no translation table.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VT_API __attribute__((visibility("default")))

typedef struct vt_tensor_s* vt_tensor;
typedef struct vt_adam_s* vt_adam;

// A Python-like number: integral scalars keep integer type promotion (int64 + 1 stays int64).
// kind: 0 floating (real), 1 integral (integer), 2 boolean (integer is 0 or 1).
typedef struct {
  double real;
  int64_t integer;
  int32_t kind;
} vt_scalar;

// ---- errors and runtime (runtime.cpp) ----
VT_API const char* vt_last_error(void);
VT_API const char* vt_torch_version(void);
VT_API int vt_cuda_is_available(void);
VT_API int vt_cuda_device_count(void);
VT_API int vt_cuda_synchronize(int device_index);  // waits for the GPU; -1: the current device
VT_API int vt_manual_seed(uint64_t seed);
VT_API int vt_set_num_threads(int n);
VT_API int vt_get_num_threads(void);
VT_API void vt_free_string(char* s);

// ---- tensors: lifetime, properties, data (tensor.cpp) ----
VT_API void vt_tensor_free(vt_tensor t);
VT_API int vt_tensor_ndim(vt_tensor t, int64_t* ndim);
VT_API int vt_tensor_shape(vt_tensor t, int64_t* shape);  // shape has ndim slots
VT_API int vt_tensor_dtype(vt_tensor t, int32_t* dtype);
VT_API int vt_tensor_device(vt_tensor t, int32_t* type, int32_t* index);
VT_API int vt_tensor_numel(vt_tensor t, int64_t* numel);
VT_API int vt_tensor_item(vt_tensor t, double* real, int64_t* integer);
VT_API char* vt_tensor_to_string(vt_tensor t);  // free with vt_free_string

VT_API vt_tensor vt_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int ndim,
                                     int32_t dtype, int32_t device_type, int32_t device_index);
VT_API int vt_tensor_copy_to(vt_tensor t, void* dst, int64_t nbytes);

// ---- creation (tensor.cpp) ----
enum vt_fill { VT_EMPTY = 0, VT_ZEROS = 1, VT_ONES = 2, VT_RAND = 3, VT_RANDN = 4 };
VT_API vt_tensor vt_new(int32_t fill, const int64_t* shape, int ndim, int32_t dtype, int32_t device_type,
                        int32_t device_index);
VT_API vt_tensor vt_full(const int64_t* shape, int ndim, vt_scalar value, int32_t dtype, int32_t device_type,
                         int32_t device_index);
VT_API vt_tensor vt_arange(vt_scalar start, vt_scalar end, vt_scalar step, int32_t dtype, int32_t device_type,
                           int32_t device_index);
VT_API vt_tensor vt_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device_type,
                             int32_t device_index);
VT_API vt_tensor vt_randperm(int64_t n, int32_t device_type, int32_t device_index);
VT_API vt_tensor vt_like(int32_t fill, vt_tensor t);  // zeros_like, ones_like, rand_like, randn_like

// ---- element-wise and linear algebra (ops.cpp) ----
enum vt_unary_op {
  VT_NEG, VT_EXP, VT_LOG, VT_LOG1P, VT_SQRT, VT_ABS, VT_SIGMOID, VT_RELU, VT_TANH, VT_SOFTPLUS,
  VT_SQUARE, VT_FLOOR, VT_ROUND, VT_SIGN, VT_ISNAN, VT_ISFINITE, VT_LOGICAL_NOT, VT_BERNOULLI
};
enum vt_binary_op {
  VT_ADD, VT_SUB, VT_MUL, VT_DIV, VT_POW, VT_EQ, VT_NE, VT_LT, VT_LE, VT_GT, VT_GE,
  VT_MAXIMUM, VT_MINIMUM, VT_LOGICAL_AND, VT_LOGICAL_OR,
  // scalar on the left: scalar - t, scalar / t, scalar ^ t
  VT_RSUB, VT_RDIV, VT_RPOW
};
VT_API vt_tensor vt_unary(int32_t op, vt_tensor a);
VT_API vt_tensor vt_binary(int32_t op, vt_tensor a, vt_tensor b);
VT_API vt_tensor vt_binary_scalar(int32_t op, vt_tensor a, vt_scalar b);
VT_API int vt_binary_(int32_t op, vt_tensor self, vt_tensor other);  // in place on self
VT_API int vt_binary_scalar_(int32_t op, vt_tensor self, vt_scalar other);
VT_API vt_tensor vt_clamp(vt_tensor a, const double* min, const double* max);  // NULL: unbounded
VT_API vt_tensor vt_where(vt_tensor condition, vt_tensor a, vt_tensor b);
VT_API vt_tensor vt_matmul(vt_tensor a, vt_tensor b);
VT_API int vt_copy_(vt_tensor self, vt_tensor src);
VT_API int vt_fill_(vt_tensor self, vt_scalar value);

// ---- reductions (ops.cpp); ndims == 0 reduces over all dimensions ----
enum vt_reduce_op { VT_SUM, VT_MEAN, VT_AMAX, VT_AMIN, VT_LOGSUMEXP, VT_VAR, VT_STD };
VT_API vt_tensor vt_reduce(int32_t op, vt_tensor a, const int64_t* dims, int ndims, int keepdim);
VT_API vt_tensor vt_argmax(vt_tensor a, const int64_t* dim, int keepdim);  // dim NULL: flattened

// ---- shapes and indexing (shape.cpp) ----
VT_API vt_tensor vt_reshape(vt_tensor a, const int64_t* shape, int ndim);
VT_API vt_tensor vt_view(vt_tensor a, const int64_t* shape, int ndim);
VT_API vt_tensor vt_flatten(vt_tensor a, int64_t start_dim, int64_t end_dim);
VT_API vt_tensor vt_permute(vt_tensor a, const int64_t* dims, int ndims);
VT_API vt_tensor vt_transpose(vt_tensor a, int64_t dim0, int64_t dim1);
VT_API vt_tensor vt_unsqueeze(vt_tensor a, int64_t dim);
VT_API vt_tensor vt_squeeze(vt_tensor a, const int64_t* dim);  // dim NULL: all size-1 dims
VT_API vt_tensor vt_expand(vt_tensor a, const int64_t* shape, int ndim);
VT_API vt_tensor vt_contiguous(vt_tensor a);
VT_API vt_tensor vt_narrow(vt_tensor a, int64_t dim, int64_t start, int64_t length);
VT_API vt_tensor vt_select(vt_tensor a, int64_t dim, int64_t index);
VT_API vt_tensor vt_index_select(vt_tensor a, int64_t dim, vt_tensor index);
VT_API vt_tensor vt_masked_select(vt_tensor a, vt_tensor mask);
VT_API vt_tensor vt_cat(const vt_tensor* tensors, int n, int64_t dim);
VT_API vt_tensor vt_stack(const vt_tensor* tensors, int n, int64_t dim);
VT_API int vt_chunk(vt_tensor a, int64_t chunks, int64_t dim, vt_tensor* out, int* count);  // out: chunks slots
VT_API vt_tensor vt_to(vt_tensor a, int32_t dtype, int32_t device_type, int32_t device_index);
VT_API vt_tensor vt_clone(vt_tensor a);
VT_API vt_tensor vt_detach(vt_tensor a);
VT_API vt_tensor vt_alias(vt_tensor a);  // a second handle to the same tensor
VT_API int vt_set_data(vt_tensor self, vt_tensor src);  // self now holds src's data (Module.to)

// ---- autograd (autograd.cpp) ----
VT_API int vt_requires_grad(vt_tensor t, int* value);
VT_API int vt_set_requires_grad(vt_tensor t, int value);
VT_API int vt_is_leaf(vt_tensor t, int* value);
VT_API vt_tensor vt_grad(vt_tensor t, int* defined);  // NULL with *defined = 0 when no gradient yet
VT_API int vt_zero_grad(vt_tensor t);                 // drops the gradient (set_to_none)
VT_API int vt_backward(vt_tensor t, vt_tensor gradient, int retain_graph);
VT_API int vt_grad_enabled(void);
VT_API void vt_set_grad_enabled(int enabled);

// ---- neural-network functions (nn.cpp) ----
enum vt_reduction { VT_REDUCTION_NONE = 0, VT_REDUCTION_MEAN = 1, VT_REDUCTION_SUM = 2 };
VT_API vt_tensor vt_linear(vt_tensor x, vt_tensor weight, vt_tensor bias);
VT_API vt_tensor vt_conv2d(vt_tensor x, vt_tensor weight, vt_tensor bias, const int64_t* stride,
                           const int64_t* padding, const int64_t* dilation, int64_t groups);
VT_API vt_tensor vt_conv_transpose2d(vt_tensor x, vt_tensor weight, vt_tensor bias, const int64_t* stride,
                                     const int64_t* padding, const int64_t* output_padding,
                                     const int64_t* dilation, int64_t groups);
VT_API vt_tensor vt_batch_norm(vt_tensor x, vt_tensor weight, vt_tensor bias, vt_tensor running_mean,
                               vt_tensor running_var, int training, double momentum, double eps);
VT_API vt_tensor vt_softplus(vt_tensor x, double beta, double threshold);
VT_API vt_tensor vt_binary_cross_entropy(vt_tensor input, vt_tensor target, vt_tensor weight, int32_t reduction);
VT_API vt_tensor vt_binary_cross_entropy_with_logits(vt_tensor input, vt_tensor target, vt_tensor weight,
                                                     vt_tensor pos_weight, int32_t reduction);
VT_API vt_tensor vt_mse_loss(vt_tensor input, vt_tensor target, int32_t reduction);

// ---- Adam, libtorch's own (optim.cpp) ----
// fused: take steps in one pass over memory (contiguous float32 CPU parameters; others fall back).
VT_API vt_adam vt_adam_new(const vt_tensor* params, int n, double lr, double beta1, double beta2, double eps,
                           double weight_decay, int amsgrad, int fused);
VT_API void vt_adam_free(vt_adam opt);
VT_API int vt_adam_step(vt_adam opt);
VT_API int vt_adam_zero_grad(vt_adam opt);
VT_API int vt_adam_set_lr(vt_adam opt, double lr);
// Per-parameter state, for checkpoints. *step is 0 and the tensors NULL before the first step.
VT_API int vt_adam_get_state(vt_adam opt, int param, int64_t* step, vt_tensor* exp_avg, vt_tensor* exp_avg_sq,
                             vt_tensor* max_exp_avg_sq);
VT_API int vt_adam_set_state(vt_adam opt, int param, int64_t step, vt_tensor exp_avg, vt_tensor exp_avg_sq,
                             vt_tensor max_exp_avg_sq);

// ---- profiling (profiler.cpp) ----
// Per-op call counts and total/self microseconds, as "name\tcalls\ttotal_us\tself_us\n" lines.
VT_API int vt_profiler_start(void);
VT_API char* vt_profiler_stop(void);  // free with vt_free_string
// A named user scope that shows up in the profile (e.g. "forward", "backward").
VT_API void* vt_record_begin(const char* name);
VT_API void vt_record_end(void* record);

#ifdef __cplusplus
}
#endif
