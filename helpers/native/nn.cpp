// Neural-network functions: layers as functions of their parameters, and losses.
#include "common.h"

using vt::H;
using vt::Opt;
using vt::T;

namespace {
at::IntArrayRef Pair(const int64_t* p) { return at::IntArrayRef(p, 2); }
}  // namespace

extern "C" {

vt_tensor vt_linear(vt_tensor x, vt_tensor weight, vt_tensor bias) { VT_TENSOR(at::linear(T(x), T(weight), Opt(bias))) }

vt_tensor vt_conv2d(vt_tensor x, vt_tensor weight, vt_tensor bias, const int64_t* stride, const int64_t* padding,
                    const int64_t* dilation, int64_t groups) {
  VT_TENSOR(at::conv2d(T(x), T(weight), Opt(bias), Pair(stride), Pair(padding), Pair(dilation), groups))
}

vt_tensor vt_conv_transpose2d(vt_tensor x, vt_tensor weight, vt_tensor bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* output_padding, const int64_t* dilation,
                              int64_t groups) {
  VT_TENSOR(at::conv_transpose2d(T(x), T(weight), Opt(bias), Pair(stride), Pair(padding), Pair(output_padding),
                                 groups, Pair(dilation)))
}

vt_tensor vt_batch_norm(vt_tensor x, vt_tensor weight, vt_tensor bias, vt_tensor running_mean,
                        vt_tensor running_var, int training, double momentum, double eps) {
  VT_TENSOR(at::batch_norm(T(x), Opt(weight), Opt(bias), Opt(running_mean), Opt(running_var), training != 0,
                           momentum, eps, /*cudnn_enabled=*/true))
}

vt_tensor vt_softplus(vt_tensor x, double beta, double threshold) { VT_TENSOR(at::softplus(T(x), beta, threshold)) }

vt_tensor vt_binary_cross_entropy(vt_tensor input, vt_tensor target, vt_tensor weight, int32_t reduction) {
  VT_TENSOR(at::binary_cross_entropy(T(input), T(target), Opt(weight), reduction))
}

vt_tensor vt_binary_cross_entropy_with_logits(vt_tensor input, vt_tensor target, vt_tensor weight,
                                              vt_tensor pos_weight, int32_t reduction) {
  VT_TENSOR(at::binary_cross_entropy_with_logits(T(input), T(target), Opt(weight), Opt(pos_weight), reduction))
}

vt_tensor vt_mse_loss(vt_tensor input, vt_tensor target, int32_t reduction) {
  VT_TENSOR(at::mse_loss(T(input), T(target), reduction))
}

}  // extern "C"
