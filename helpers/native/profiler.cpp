// Time per libtorch op, from libtorch's own RecordFunction hooks: what `vae bench --profile`
// prints. Self time excludes the ops an op calls (aten::linear's self time omits its addmm).
#include <ATen/record_function.h>

#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>

#include "common.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Stat {
  int64_t calls = 0;
  double total_us = 0, self_us = 0;
};

struct Frame : at::ObserverContext {
  Clock::time_point start = Clock::now();
  double children_us = 0;
};

std::mutex mutex;
std::map<std::string, Stat> stats;
at::CallbackHandle handle = 0;
thread_local std::vector<Frame*> open_frames;

std::unique_ptr<at::ObserverContext> OnStart(const at::RecordFunction&) {
  auto frame = std::make_unique<Frame>();
  open_frames.push_back(frame.get());
  return frame;
}

void OnEnd(const at::RecordFunction& fn, at::ObserverContext* context) {
  auto* frame = static_cast<Frame*>(context);
  if (frame == nullptr || open_frames.empty() || open_frames.back() != frame) return;
  open_frames.pop_back();
  double us = std::chrono::duration<double, std::micro>(Clock::now() - frame->start).count();
  if (!open_frames.empty()) open_frames.back()->children_us += us;
  std::lock_guard<std::mutex> lock(mutex);
  auto& s = stats[fn.name()];
  s.calls += 1;
  s.total_us += us;
  s.self_us += us - frame->children_us;
}

}  // namespace

extern "C" {

int vt_profiler_start(void) {
  VT_STATUS({
    std::lock_guard<std::mutex> lock(mutex);
    if (handle != 0) throw std::logic_error("the profiler is already running");
    stats.clear();
    handle = at::addGlobalCallback(at::RecordFunctionCallback(OnStart, OnEnd)
                                       .scopes({at::RecordScope::FUNCTION, at::RecordScope::BACKWARD_FUNCTION,
                                                at::RecordScope::USER_SCOPE}));
  })
}

char* vt_profiler_stop(void) {
  VT_CATCH(nullptr, {
    at::CallbackHandle h;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (handle == 0) throw std::logic_error("the profiler is not running");
      h = handle;
      handle = 0;
    }
    at::removeCallback(h);
    std::ostringstream out;
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [name, s] : stats) out << name << '\t' << s.calls << '\t' << s.total_us << '\t' << s.self_us << '\n';
    return strdup(out.str().c_str());
  })
}

void* vt_record_begin(const char* name) {
  VT_CATCH(nullptr, {
    auto* record = new at::RecordFunction(at::RecordScope::USER_SCOPE);
    if (record->isActive()) record->before(std::string(name));
    return record;
  })
}

void vt_record_end(void* record) { delete static_cast<at::RecordFunction*>(record); }

}  // extern "C"
