#include "v5validate/orchestrator.hpp"

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "component_level.hpp"
#include "context.hpp"
#include "database_level.hpp"
#include "framework_level.hpp"
#include "limits.hpp"
#include "semantic_level.hpp"
#include "v5store/error.hpp"

namespace v5validate {

namespace {

// Builds the typed model once level 1 passed. A refusal by the model is finding V190.
void load_model(detail::Context& ctx) {
  try {
    ctx.spec = v5store::parse_spec_string(ctx.text, ctx.source_name);
    if (!ctx.base_dir.empty()) {
      ctx.spec->source_file = ctx.base_dir / std::filesystem::path(ctx.source_name).filename();
    }
  } catch (const std::exception& e) {
    ctx.sink.add_at_line(0, 0, "V190", "",
                         std::string("the spec model refused the spec: ") + e.what());
  }
}

// The levels to run, in order.
std::vector<std::unique_ptr<detail::Level>> levels_for(const Options& options) {
  std::vector<std::unique_ptr<detail::Level>> levels;
  if (options.max_level >= 2) levels.push_back(std::make_unique<detail::ComponentLevel>());
  if (options.max_level >= 3 && options.live) {
    levels.push_back(std::make_unique<detail::DatabaseLevel>());
  }
  if (options.max_level >= 4) levels.push_back(std::make_unique<detail::SemanticLevel>());
  return levels;
}

}  // namespace

Report Orchestrator::run_text(std::string_view yaml, const Options& options,
                              std::string source_name, const std::filesystem::path& base_dir) {
  Report report;
  if (yaml.size() > detail::kMaxSpecBytes) {
    detail::Sink sink(report, source_name, nullptr);
    report.mark_level_run(1);
    detail::check_spec_size(yaml.size(), sink);
    return report;
  }
  detail::YamlDocument document = detail::read_yaml(yaml);
  detail::Sink sink(report, source_name, document.root.get());
  detail::Context ctx{options, source_name, base_dir, yaml, std::move(document), {}, sink};

  detail::FrameworkLevel framework;
  report.mark_level_run(framework.number());
  framework.run(ctx);
  if (!report.has_error_at(1)) load_model(ctx);
  if (!report.valid()) return report;

  for (const auto& level : levels_for(options)) {
    report.mark_level_run(level->number());
    level->run(ctx);
    if (report.has_error_at(level->number())) break;
  }
  return report;
}

Report Orchestrator::run(const std::filesystem::path& spec_file, const Options& options) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(spec_file, ec);
  std::ifstream in(spec_file, std::ios::binary);
  if (ec || !in || size > detail::kMaxSpecBytes) {
    Report report;
    detail::Sink sink(report, spec_file.string(), nullptr);
    report.mark_level_run(1);
    if (ec || !in) {
      sink.add_at_line(
          0, 0, "V100", "",
          "cannot read the spec file: " + (ec ? ec.message() : std::string("cannot open it")),
          "check the path and its permissions");
    } else {
      detail::check_spec_size(size, sink);
    }
    return report;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return run_text(text.str(), options, spec_file.string(), spec_file.parent_path());
}

}  // namespace v5validate
