// api_app: a hand-written service that serves its own choice of stores over the JSON API
// (docs/api.md) without the generator. It opens the database of a system spec, brings the
// schema up to date, exposes the customers and products of the shop over an ApiServer it
// builds itself, and serves until SIGTERM or SIGINT, when it stops gracefully: requests being
// answered finish, new connections are refused.
//
// Usage: api_app SPEC [LISTEN]     LISTEN defaults to 127.0.0.1:0 (a free port); the URL is
//                                  printed once serving. API_TOKEN, when set, is required as a
//                                  bearer token.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <v5store/v5store.hpp>

namespace {

// Blocks SIGTERM and SIGINT in every thread (call before any thread starts) and returns them.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s SPEC [LISTEN]\n", argv[0]);
    return 2;
  }
  const sigset_t stop_signals = block_stop_signals();
  try {
    const v5store::SystemSpec spec = v5store::parse_spec_file(argv[1]);
    const std::string database = spec.databases.front().name;
    v5store::Migrator(spec, database).up();

    // The store alone: its own api components and monitoring endpoint stay off, this program
    // decides what it serves.
    v5store::StoreOptions store_options;
    store_options.api = v5store::MonitoringEndpoint::off;
    store_options.endpoint = v5store::MonitoringEndpoint::off;
    v5store::V5EnhancedStore store(spec, store_options);

    v5store::ApiServerOptions options;
    options.listen = argc == 3 ? argv[2] : "127.0.0.1:0";
    if (const char* token = std::getenv("API_TOKEN")) options.bearer_token = token;
    v5store::Records& records = store.records(database);
    v5store::ApiServer api(options,
                           {{"customers", "customer", &records}, {"products", "product", &records}},
                           &store.metrics());
    api.start();
    std::printf("api_app: serving %s%s/customers and /products\n", api.url().c_str(),
                options.base_path.c_str());
    std::fflush(stdout);

    int received = 0;
    sigwait(&stop_signals, &received);
    api.stop();
    std::printf("api_app: stopped on signal %d\n", received);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "api_app: error: %s\n", e.what());
    return 1;
  }
}
