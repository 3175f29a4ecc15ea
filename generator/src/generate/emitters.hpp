// The emitters of v5gen generate: each adds the files of one artifact to the tree.
#pragma once

#include <vector>

#include "generate/artifact.hpp"

namespace v5gen {

// include/<system>/entities/<entity>.hpp: the struct, its enums and entity_traits.
void emit_entities(const GenerationContext& context, FileTree& tree);

// include/<system>/repositories/<component>.hpp and include/<system>/system.hpp.
void emit_repositories(const GenerationContext& context, FileTree& tree);

// Declarative mode: migrations/V1__initial.<backend>.sql for every backend of the spec.
// Versioned mode: the *.sql files of the spec's migrations directory under spec/<dir>/, where
// the project's copy of the spec finds them (nothing when the directory is not below the spec).
void emit_migrations(const GenerationContext& context, FileTree& tree);

// Versioned mode: creates the spec's migrations directory when missing and, when it holds no
// V<n>__ file yet, writes V1__initial.<backend>.sql (the schema from empty) for each of the
// three backends into it. Returns the files written (none in declarative mode or when the
// directory already has migrations). Throws v5store::Error(config) or
// std::filesystem::filesystem_error when the directory cannot be written.
std::vector<std::filesystem::path> write_initial_migrations(const GenerationContext& context);

// CMakeLists.txt, src/main.cpp (the <system>_service), tests/smoke_test.cpp, spec/<file>.
void emit_project(const GenerationContext& context, FileTree& tree);

// deploy/: Dockerfile, docker-compose.yml, k8s/*.yaml, prometheus.yml, grafana-dashboard.json.
void emit_deploy(const GenerationContext& context, FileTree& tree);

// deploy/prometheus/alerts.yml (the alerting rules, mixin style) and alerts_test.yml (their
// `promtool test rules` cases). Called by emit_deploy().
void emit_alert_rules(const GenerationContext& context, FileTree& tree);

// bench/crud_bench.cpp (the <system>_bench CRUD benchmark per entity, used by v5gen new) and
// its target, appended to the CMakeLists.txt that emit_project() wrote. Throws
// v5store::Error(config) when emit_project() has not run.
void emit_bench(const GenerationContext& context, FileTree& tree);

// The entities in an order where every referenced entity comes before its referrers
// (declaration order otherwise; a cycle keeps declaration order).
std::vector<const v5store::EntitySpec*> dependency_order(const v5store::SystemSpec& spec);

}  // namespace v5gen
