// The last check of `v5gen new`: the new service's API answers. It creates a row of an entity
// through `POST <base>/<store>` (values that satisfy every rule of its fields) and reads it
// back from the Location the answer gives; with no entity it can fill in alone, it lists one.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "v5store/spec.hpp"

namespace v5gen::words {

struct ApiProbe {
  bool ok = false;
  std::vector<std::string> lines;  // each request and its answer, for the stage's notes
};

// Probes the first api component of `spec` served on 127.0.0.1:`port`. Never throws (except
// std::bad_alloc).
ApiProbe probe_api(const v5store::SystemSpec& spec, int port, std::chrono::milliseconds timeout);

}  // namespace v5gen::words
