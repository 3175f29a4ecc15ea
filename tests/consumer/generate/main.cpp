// Inserts a note through the repository v5store_generate() made from notes.yaml and reads it
// back, on a fresh SQLite database; the generated System uses the store's records and schema.
// Usage: consumer_generate DB_FILE. Exit 0 on success.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include <v5store/v5store.hpp>

#include "notes/system.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer_generate DB_FILE\n");
    return 2;
  }
  try {
    std::filesystem::remove(argv[1]);
    v5store::SystemSpec spec = v5store::parse_spec_file(NOTES_SPEC);
    spec.databases.front().dsn = std::string("db=") + argv[1];
    v5store::Migrator(spec, "main").up();
    v5store::V5EnhancedStore store(spec);
    notes::System system(store);
    if (&system.records("main") != &store.records("main") ||
        &system.registry() != &store.schema()) {
      std::fprintf(stderr, "FAIL: the System does not use the store's records and schema\n");
      return 1;
    }

    notes::Note note;
    note.title = "generated at build time";
    note.body = "by v5store_generate()";
    system.notes.insert(note);
    const std::optional<notes::Note> back = system.notes.get(note.id);
    if (note.id <= 0 || !back || !(*back == note)) {
      std::fprintf(stderr, "FAIL: note %lld was not read back as written\n",
                   static_cast<long long>(note.id));
      return 1;
    }
    std::printf("inserted and read back note %lld: %s\n", static_cast<long long>(back->id),
                back->title.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FAIL: %s\n", e.what());
    return 1;
  }
}
