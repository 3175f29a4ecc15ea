// Test support for the migrate suite: a fresh, empty database per test (a new database on the
// PostgreSQL / MariaDB server, dropped afterwards; a temp file on SQLite) and specs pointing
// at it, written to a temp directory.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/migrator.hpp"
#include "v5store/spec.hpp"

namespace v5test {

class FreshDatabase {
 public:
  // Creates "migrate_<tag>_<pid>_<n>" (or a temp SQLite file). Fails the test when the
  // server DSN is missing.
  FreshDatabase(v5store::BackendKind kind, const std::string& tag) : kind_(kind) {
    static std::atomic<int> counter{0};
    name_ = "migrate_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (kind == v5store::BackendKind::sqlite) {
      dsn_ = dsn_for(kind, name_);
      return;
    }
    admin_dsn_ = dsn_for(kind);
    if (admin_dsn_.empty()) return;
    auto admin = open_dsn(admin_dsn_);
    *admin << "CREATE DATABASE " + name_;
    static const std::regex kDbName(R"((^|\s)(dbname|db)=\S+)");
    dsn_ = std::regex_replace(admin_dsn_, kDbName, "$1$2=" + name_);
  }

  ~FreshDatabase() {
    try {
      if (kind_ == v5store::BackendKind::sqlite) {
        const std::string path = dsn_.substr(3);
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
          std::filesystem::remove(path + suffix);
        }
      } else if (!admin_dsn_.empty()) {
        auto admin = open_dsn(admin_dsn_);
        *admin << (kind_ == v5store::BackendKind::postgresql
                       ? "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"
                       : "DROP DATABASE IF EXISTS " + name_);
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "dropping " << name_ << ": " << e.what();
    }
  }

  FreshDatabase(const FreshDatabase&) = delete;
  FreshDatabase& operator=(const FreshDatabase&) = delete;

  const std::string& dsn() const { return dsn_; }
  v5store::BackendKind kind() const { return kind_; }

  // A new session on the fresh database.
  std::unique_ptr<soci::session> open() const { return open_dsn(dsn_); }

 private:
  std::unique_ptr<soci::session> open_dsn(const std::string& dsn) const {
    return v5store::detail::backend_for(kind_).open(dsn, std::chrono::seconds(10));
  }

  v5store::BackendKind kind_;
  std::string name_;
  std::string admin_dsn_;
  std::string dsn_;
};

// The text of an example spec.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// shop.yaml (or `yaml`, which follows shop.yaml's layout) with its one database pointed at
// `db`, and extra text `migrations` replacing the migrations line when not empty.
inline std::string spec_for(const FreshDatabase& db, std::string yaml,
                            const std::string& migrations = {}) {
  yaml = std::regex_replace(yaml, std::regex(R"(backend: sqlite)"),
                            "backend: " + std::string(v5store::to_string(db.kind())));
  yaml = std::regex_replace(yaml, std::regex(R"(dsn: "[^"]*")"), "dsn: \"" + db.dsn() + "\"");
  if (!migrations.empty()) {
    yaml = std::regex_replace(yaml, std::regex(R"(migrations: \{[^}]*\})"), migrations);
  }
  return yaml;
}

// A temp directory removed at destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("v5migrate_" + tag + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to `name` inside the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

// shop.yaml and an evolved version of it: a new entity (review), a new nullable column
// (customers.phone), a new NOT NULL column with a default (product.currency) and a new index
// on orders(placed_at).
inline std::string shop_yaml() { return read_text(examples_dir() / "shop.yaml"); }

inline std::string evolved_shop_yaml() {
  std::string yaml = shop_yaml();
  yaml = std::regex_replace(yaml, std::regex("\n  version: 1\n"), "\n  version: 2\n");
  yaml = std::regex_replace(
      yaml, std::regex(R"((      name:       \{ type: string, max_length: 120 \}\n))"),
      "$1      phone:      { type: string, max_length: 30, nullable: true }\n");
  yaml = std::regex_replace(yaml, std::regex(R"((      in_stock:    \{ type: bool, default: true \}\n))"),
                            "$1      currency:    { type: string, max_length: 3, default: EUR }\n");
  yaml = std::regex_replace(yaml, std::regex(R"((      - \{ fields: \[customer_id, status\] \}\n))"),
                            "$1      - { fields: [placed_at] }\n");
  yaml = std::regex_replace(
      yaml, std::regex(R"(\ncomponents:\n)"),
      "\n  review:\n    fields:\n"
      "      id:    { type: int64, primary_key: true, generated: true }\n"
      "      sku:   { type: string, max_length: 32, references: product.sku, on_delete: cascade }\n"
      "      stars: { type: int32, min: 1, max: 5 }\n"
      "      body:  { type: text, nullable: true }\n"
      "    indexes:\n      - { fields: [sku] }\n"
      "components:\n");
  return yaml;
}

// shop.yaml without the field order.note.
inline std::string shop_without_note_yaml() {
  return std::regex_replace(shop_yaml(), std::regex(R"(      note:        \{ type: text, nullable: true \}\n)"), "");
}

}  // namespace v5test
