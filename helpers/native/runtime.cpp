// Errors, versions, devices, seeds and threads.
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <cstdlib>
#include <cstring>

#include "common.h"

namespace {
thread_local std::string last_error;
}

void vt::set_error(const char* message) { last_error = message; }

extern "C" {

const char* vt_last_error(void) { return last_error.c_str(); }

const char* vt_torch_version(void) { return TORCH_VERSION; }

int vt_cuda_is_available(void) { VT_CATCH(0, return torch::cuda::is_available() ? 1 : 0;) }

int vt_cuda_device_count(void) { VT_CATCH(0, return static_cast<int>(torch::cuda::device_count());) }

int vt_cuda_synchronize(int device_index) { VT_STATUS(torch::cuda::synchronize(device_index);) }

int vt_manual_seed(uint64_t seed) {
  VT_STATUS({
    // Seeds the CPU generator and, where CUDA is present, every GPU's.
    at::manual_seed(seed);
  })
}

int vt_set_num_threads(int n) { VT_STATUS(at::set_num_threads(n);) }
int vt_get_num_threads(void) { return at::get_num_threads(); }
void vt_free_string(char* s) { std::free(s); }

}  // extern "C"
