// Processes and probes for `v5gen new`: run a command with its output in a log file, start
// and stop a background service, find a program in PATH, pick a free port, fetch a URL path
// over HTTP/1.1.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace v5gen::words {

// How a command ended: its exit status, or -1 when it could not start, was killed by a signal
// or ran past its timeout (`timed_out` says which).
struct CommandStatus {
  int exit_code = -1;
  bool timed_out = false;
  bool ok() const noexcept { return exit_code == 0; }
};

// Runs `argv` (argv[0] searched in PATH) in its own process group with stdin read from
// `input`, stdout and stderr appended to `log`, and the `env` entries ("NAME=value") added to
// (or replacing in) the environment; kills the group after `timeout`. Thread-safe.
CommandStatus run_command(const std::vector<std::string>& argv, const std::filesystem::path& log,
                          std::chrono::seconds timeout, const std::vector<std::string>& env = {},
                          const std::filesystem::path& input = "/dev/null");

// A child process started in the background; the destructor stops it (SIGTERM, then SIGKILL).
class BackgroundProcess {
 public:
  // Starts `argv` as run_command() does (stdin from /dev/null). Throws std::runtime_error when it cannot start.
  BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& log,
                    const std::vector<std::string>& env);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // True while the process has not exited.
  bool running();
  // Sends SIGTERM and waits up to `grace`, then SIGKILLs the group. Returns the exit status,
  // -1 when it ended by a signal (or had to be killed).
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// The full path of `program` found in PATH, or nullopt.
std::optional<std::filesystem::path> find_program(const std::string& program);

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
// Throws std::runtime_error when no socket can be bound.
int free_port();

// The response of a request to 127.0.0.1:`port`: status code (0 when the connection or the
// response failed), its Location header and body.
struct HttpResponse {
  int status = 0;
  std::string location;
  std::string body;
};

// `method` `path` with a JSON body (none when empty) and `Connection: close`; waits up to
// `timeout` for each part of the answer.
HttpResponse http_request(int port, const std::string& method, const std::string& path,
                          const std::string& json_body, std::chrono::milliseconds timeout);

HttpResponse http_get(int port, const std::string& path, std::chrono::milliseconds timeout);

// The last `lines` lines of a log file, each indented on its own line, for failure messages.
std::string log_tail(const std::filesystem::path& log, int lines = 15);

}  // namespace v5gen::words
