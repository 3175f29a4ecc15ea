// Reads the expectation a broken spec states in its leading comment:
// "# expect: level=2 code=V203" (severity=warning for specs that must warn but stay valid).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace v5test {

struct SpecExpectation {
  std::filesystem::path file;
  int level = 0;
  std::string code;
  std::string severity = "error";
  bool live = false;  // level 3: needs the database servers
};

inline SpecExpectation read_expectation(const std::filesystem::path& file) {
  SpecExpectation expectation;
  expectation.file = file;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find("# expect:");
    if (at == std::string::npos) continue;
    std::string rest = line.substr(at + 9);
    std::size_t pos = 0;
    while (pos < rest.size()) {
      while (pos < rest.size() && rest[pos] == ' ') ++pos;
      const std::size_t end = rest.find(' ', pos);
      const std::string token = rest.substr(pos, end == std::string::npos ? end : end - pos);
      pos = end == std::string::npos ? rest.size() : end;
      const auto eq = token.find('=');
      if (eq == std::string::npos) continue;
      const std::string key = token.substr(0, eq);
      const std::string value = token.substr(eq + 1);
      if (key == "level") expectation.level = std::stoi(value);
      if (key == "code") expectation.code = value;
      if (key == "severity") expectation.severity = value;
    }
    break;
  }
  expectation.live = expectation.level == 3;
  return expectation;
}

// Every *.yaml under `dir`, sorted.
inline std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A test name from a file name: "V203_fk_type_mismatch".
inline std::string test_name(const std::filesystem::path& file) {
  std::string name = file.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace v5test
