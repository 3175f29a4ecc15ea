// Loading of versioned migration files.
#include "migrate/versioned_loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "migrate/sql_script.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {

namespace {

std::vector<long> version_parts(const std::string& version) {
  std::vector<long> parts;
  std::size_t start = 0;
  while (start <= version.size()) {
    const auto dot = version.find_first_of("._", start);
    parts.push_back(std::strtol(version.substr(start, dot - start).c_str(), nullptr, 10));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::config, "cannot read migration " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int compare_versions(const std::string& a, const std::string& b) {
  const auto pa = version_parts(a);
  const auto pb = version_parts(b);
  for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    const long x = i < pa.size() ? pa[i] : 0;
    const long y = i < pb.size() ? pb[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

MigrationFiles load_migration_files(const std::filesystem::path& directory, BackendKind backend) {
  static const std::regex kName(R"(^([VU])([0-9]+(?:[._][0-9]+)*)__(.+?)(?:\.(sqlite|postgresql|mysql))?\.sql$)");
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    throw Error(ErrorCode::config, "migrations directory " + directory.string() + " does not exist");
  }
  // (kind, version) -> (is an override, file)
  std::map<std::pair<char, std::string>, std::pair<bool, MigrationFile>> chosen;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, kName)) continue;
    const bool is_override = m[4].matched;
    if (is_override && m[4].str() != to_string(backend)) continue;
    MigrationFile file;
    file.version = m[2].str();
    file.description = m[3].str();
    std::replace(file.description.begin(), file.description.end(), '_', ' ');
    file.path = entry.path();
    file.text = read_file(entry.path());
    file.checksum = script_checksum(file.text);
    const auto key = std::make_pair(m[1].str()[0], file.version);
    const auto it = chosen.find(key);
    if (it != chosen.end() && it->second.first == is_override) {
      throw Error(ErrorCode::migration, "two migrations claim version " + file.version + ": " +
                                            it->second.second.path.filename().string() + " and " +
                                            name);
    }
    if (it == chosen.end() || is_override) chosen[key] = {is_override, std::move(file)};
  }
  MigrationFiles out;
  for (auto& [key, value] : chosen) {
    (key.first == 'V' ? out.apply : out.undo).push_back(std::move(value.second));
  }
  const auto by_version = [](const MigrationFile& a, const MigrationFile& b) {
    return compare_versions(a.version, b.version) < 0;
  };
  std::sort(out.apply.begin(), out.apply.end(), by_version);
  std::sort(out.undo.begin(), out.undo.end(), by_version);
  return out;
}

}  // namespace v5store::detail
