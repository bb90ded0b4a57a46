/* A smoke test of the C ABI in plain C, with no C# and no C++ in between: it proves that the
 * header is valid C, that the exported symbols link, and that the shim behaves the same on every
 * libtorch it is built against (Debian 12's 1.13 in CI; 2.x through scripts/check-libtorch2.sh).
 * Expected values are worked out by hand in the comments, not taken from libtorch itself.
 * Prints one line per check and exits non-zero if any failed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vaetorch.h"

/* c10::ScalarType and c10::DeviceType numbering, as the header promises. */
enum { FLOAT32 = 6, INT64 = 4 };
enum { CPU = 0 };

static int failures = 0;
static int checks = 0;

static void check(int ok, const char* what) {
  ++checks;
  if (!ok) ++failures;
  printf("%s  %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok && vt_last_error()[0] != '\0') printf("      last error: %s\n", vt_last_error());
}

static vt_tensor floats(const float* values, const int64_t* shape, int ndim) {
  int64_t n = 1;
  for (int i = 0; i < ndim; ++i) n *= shape[i];
  return vt_tensor_from_data(values, n * (int64_t)sizeof(float), shape, ndim, FLOAT32, CPU, -1);
}

/* Copies t out and compares element-wise; a NULL t (a failed call) is a mismatch. */
static int equals(vt_tensor t, const float* expected, int64_t n, float tolerance) {
  float got[16];
  int64_t numel = -1;
  if (t == NULL || n > 16 || vt_tensor_numel(t, &numel) != 0 || numel != n) return 0;
  if (vt_tensor_copy_to(t, got, n * (int64_t)sizeof(float)) != 0) return 0;
  for (int64_t i = 0; i < n; ++i)
    if (fabsf(got[i] - expected[i]) > tolerance) {
      printf("      element %lld: got %.7g, expected %.7g\n", (long long)i, got[i], expected[i]);
      return 0;
    }
  return 1;
}

static vt_tensor sum_all(vt_tensor t) { return vt_reduce(VT_SUM, t, NULL, 0, 0); }

int main(void) {
  printf("libtorch %s, CUDA %s\n", vt_torch_version(), vt_cuda_is_available() ? "available" : "not available");
  check(vt_manual_seed(0) == 0, "manual_seed");

  /* Creation and element-wise add: [1 2 3] + [10 20 30]. */
  const int64_t shape3[] = {3};
  const float a_values[] = {1, 2, 3}, b_values[] = {10, 20, 30};
  vt_tensor a = floats(a_values, shape3, 1);
  vt_tensor b = floats(b_values, shape3, 1);
  check(a != NULL && b != NULL, "tensor from data");
  int64_t ndim = 0, dims[1] = {0};
  int32_t dtype = -1;
  check(vt_tensor_ndim(a, &ndim) == 0 && ndim == 1 && vt_tensor_shape(a, dims) == 0 && dims[0] == 3 &&
            vt_tensor_dtype(a, &dtype) == 0 && dtype == FLOAT32,
        "shape [3], float32");
  vt_tensor sum = vt_binary(VT_ADD, a, b);
  const float sum_expected[] = {11, 22, 33};
  check(equals(sum, sum_expected, 3, 0), "add: [1 2 3] + [10 20 30] = [11 22 33]");

  const int64_t zeros_shape[] = {2, 2};
  vt_tensor zeros = vt_new(VT_ZEROS, zeros_shape, 2, FLOAT32, CPU, -1);
  const float zeros_expected[] = {0, 0, 0, 0};
  check(equals(zeros, zeros_expected, 4, 0), "zeros 2x2");

  /* matmul: [[1 2 3] [4 5 6]] (2x3) times [[1 0] [0 1] [1 1]] (3x2) = [[4 5] [10 11]]. */
  const int64_t shape23[] = {2, 3}, shape32[] = {3, 2};
  const float m_values[] = {1, 2, 3, 4, 5, 6}, n_values[] = {1, 0, 0, 1, 1, 1};
  vt_tensor m = floats(m_values, shape23, 2);
  vt_tensor n = floats(n_values, shape32, 2);
  vt_tensor product = vt_matmul(m, n);
  const float product_expected[] = {4, 5, 10, 11};
  check(equals(product, product_expected, 4, 0), "matmul 2x3 @ 3x2");

  /* Error path: 2x3 @ 2x3 cannot be multiplied; the call returns NULL and leaves a message,
   * and the process goes on. */
  vt_tensor bad = vt_matmul(m, m);
  const char* message = vt_last_error();
  check(bad == NULL && message != NULL && strlen(message) > 0, "matmul 2x3 @ 2x3 returns NULL with a message");
  printf("      message: %s\n", message);
  double real = 0;
  int64_t integer = 0;
  check(vt_tensor_item(a, &real, &integer) == -1 && strstr(vt_last_error(), "exactly one element") != NULL,
        "item() of a 3-element tensor returns -1 with the shim's message");
  check(vt_tensor_ndim(NULL, &ndim) == -1 && strstr(vt_last_error(), "null") != NULL,
        "a NULL handle is an error, not a crash");

  /* Backward: L = sum(x * x) + sum(w . x) with x = [1 2 3], w = [10 20 30] constant,
   * so dL/dx = 2x + w = [12 24 36]. */
  vt_tensor x = floats(a_values, shape3, 1);
  check(vt_set_requires_grad(x, 1) == 0, "requires_grad_");
  vt_tensor xx = vt_binary(VT_MUL, x, x);
  vt_tensor wx = vt_binary(VT_MUL, b, x);
  vt_tensor s1 = sum_all(xx), s2 = sum_all(wx);
  vt_tensor loss = vt_binary(VT_ADD, s1, s2);
  check(vt_tensor_item(loss, &real, &integer) == 0 && fabs(real - (14 + 140)) < 1e-4, "loss = 14 + 140 = 154");
  check(vt_backward(loss, NULL, 0) == 0, "backward");
  int defined = 0;
  vt_tensor grad = vt_grad(x, &defined);
  const float grad_expected[] = {12, 24, 36};
  check(defined == 1 && equals(grad, grad_expected, 3, 1e-5f), "grad = 2x + w = [12 24 36]");

  /* Linear layer backward: y = x W^T + b with x = [[1 2]], W = [[3 4]], b = [5]: y = 16;
   * dy/dW = x = [1 2], dy/db = 1. */
  const int64_t shape12[] = {1, 2}, shape1[] = {1};
  const float lx[] = {1, 2}, lw[] = {3, 4}, lb[] = {5};
  vt_tensor linx = floats(lx, shape12, 2), linw = floats(lw, shape12, 2), linb = floats(lb, shape1, 1);
  vt_set_requires_grad(linw, 1);
  vt_set_requires_grad(linb, 1);
  vt_tensor y = vt_linear(linx, linw, linb);
  vt_tensor ysum = sum_all(y);
  check(vt_tensor_item(ysum, &real, &integer) == 0 && fabs(real - 16) < 1e-5, "linear: 1*3 + 2*4 + 5 = 16");
  check(vt_backward(ysum, NULL, 0) == 0, "linear backward");
  vt_tensor gw = vt_grad(linw, &defined), gb = vt_grad(linb, &defined);
  const float gw_expected[] = {1, 2}, gb_expected[] = {1};
  check(equals(gw, gw_expected, 2, 1e-6f) && equals(gb, gb_expected, 1, 1e-6f), "linear grads: dW = x, db = 1");

  /* Adam step: with loss = sum(p * p) at p = [1 -2] the gradient is [2 -4]. Adam's first
   * bias-corrected step is lr * g / (|g| + eps) = lr * sign(g), so lr 0.1 gives [0.9 -1.9]. */
  const int64_t shape2[] = {2};
  const float p_values[] = {1, -2};
  vt_tensor p = floats(p_values, shape2, 1);
  vt_set_requires_grad(p, 1);
  vt_adam opt = vt_adam_new(&p, 1, 0.1, 0.9, 0.999, 1e-8, 0, 0, /*fused=*/1);
  check(opt != NULL, "Adam created");
  vt_tensor pp = vt_binary(VT_MUL, p, p);
  vt_tensor ploss = sum_all(pp);
  check(vt_backward(ploss, NULL, 0) == 0 && vt_adam_step(opt) == 0, "Adam step");
  const float p_expected[] = {0.9f, -1.9f};
  check(equals(p, p_expected, 2, 1e-5f), "Adam moved p by lr * sign(grad): [0.9 -1.9]");
  int64_t step = 0;
  vt_tensor exp_avg = NULL, exp_avg_sq = NULL, max_exp_avg_sq = NULL;
  check(vt_adam_get_state(opt, 0, &step, &exp_avg, &exp_avg_sq, &max_exp_avg_sq) == 0 && step == 1 &&
            exp_avg != NULL && exp_avg_sq != NULL && max_exp_avg_sq == NULL,
        "Adam state: step 1, exp_avg and exp_avg_sq present");
  /* exp_avg = (1 - 0.9) g = [0.2 -0.4]; exp_avg_sq = (1 - 0.999) g^2 = [0.004 0.016]. */
  const float m_expected[] = {0.2f, -0.4f}, v_expected[] = {0.004f, 0.016f};
  check(equals(exp_avg, m_expected, 2, 1e-6f) && equals(exp_avg_sq, v_expected, 2, 1e-7f),
        "Adam moments: exp_avg = 0.1 g, exp_avg_sq = 0.001 g^2");
  check(vt_adam_get_state(opt, 5, &step, &exp_avg, &exp_avg_sq, &max_exp_avg_sq) == -1 &&
            strstr(vt_last_error(), "out of range") != NULL,
        "Adam state of a missing parameter is an error");
  check(vt_adam_zero_grad(opt) == 0 && vt_grad(p, &defined) == NULL && defined == 0, "Adam zero_grad drops the gradient");

  vt_tensor all[] = {a, b, sum, zeros, m, n, product, x, xx, wx, s1, s2, loss, grad, linx, linw, linb,
                     y, ysum, gw, gb, p, pp, ploss, exp_avg, exp_avg_sq};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) vt_tensor_free(all[i]);
  vt_adam_free(opt);

  if (failures > 0) {
    printf("FAIL: %d of %d checks failed (libtorch %s)\n", failures, checks, vt_torch_version());
    return 1;
  }
  printf("OK: %d checks passed (libtorch %s)\n", checks, vt_torch_version());
  return 0;
}
