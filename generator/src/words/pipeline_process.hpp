// Processes and probes for `v5gen new`: run a command with its output in a log file, start
// and stop a background service, pick a free port, fetch a URL path over HTTP/1.1.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace v5gen::words {

// Runs `argv` (argv[0] searched in PATH) with stdout and stderr appended to `log`, `env`
// entries ("NAME=value") added to the environment; kills it after `timeout`. Returns the exit
// status, or -1 when it could not start, was killed by a signal or timed out. Thread-safe.
int run_command(const std::vector<std::string>& argv, const std::filesystem::path& log,
                std::chrono::seconds timeout, const std::vector<std::string>& env = {});

// A child process started in the background; the destructor sends SIGTERM and waits.
class BackgroundProcess {
 public:
  // Starts `argv` as run_command() does. Throws std::runtime_error when fork fails.
  BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& log,
                    const std::vector<std::string>& env);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // True while the process has not exited.
  bool running();
  // SIGTERM, then waits up to `grace` before SIGKILL. Returns the exit status (-1: signal).
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
// Throws std::runtime_error when no socket can be bound.
int free_port();

// The response of GET `path` from 127.0.0.1:`port`: status code (0 when the connection
// failed) and body.
struct HttpResponse {
  int status = 0;
  std::string body;
};
HttpResponse http_get(int port, const std::string& path, std::chrono::milliseconds timeout);

// The last `lines` lines of a log file, for failure messages.
std::string log_tail(const std::filesystem::path& log, int lines = 15);

}  // namespace v5gen::words
