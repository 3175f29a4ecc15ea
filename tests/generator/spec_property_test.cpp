// Property: every spec that validates (levels 1, 2 and 4) generates, and every smoke-test value
// it derives satisfies the field's rules as the store's record validator checks them. Random
// specs from random_spec.hpp (rapidcheck); RC_PARAMS="max_success=N" sets the number of specs
// (100 by default; ctest's generator.property.long runs 2000).
#include <atomic>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generate/emitters.hpp"
#include "random_spec.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"
#include "v5validate/orchestrator.hpp"
#include "v5validate/format.hpp"
#include "v5validate/sample_values.hpp"

namespace {

// The value of `text` (sample_value's text form) for the store's checks.
v5store::Value value_of(const v5store::FieldSpec& field, const std::string& text) {
  using v5store::FieldType;
  switch (field.type) {
    case FieldType::boolean: return text == "true";
    case FieldType::int32:
    case FieldType::int64: return static_cast<std::int64_t>(std::stoll(text));
    case FieldType::float64: return std::stod(text);
    case FieldType::bytes: return v5store::Bytes(text.begin(), text.end());
    case FieldType::date: return v5store::parse_date(text);
    case FieldType::timestamp: return v5store::parse_timestamp(text);
    default: return text;
  }
}

TEST(SpecProperty, EveryValidSpecGeneratesWithValuesTheStoreAccepts) {
  std::atomic<int> valid{0};
  std::atomic<int> total{0};
  const bool ok = rc::check([&] {
    const v5test::RandomSpec drawn = *v5test::random_spec();
    ++total;
    v5validate::Options options;
    options.max_level = 4;
    const v5validate::Report report = v5validate::Orchestrator::run_text(drawn.yaml, options);
    RC_CLASSIFY(report.valid(), "valid");
    if (!report.valid()) return;
    ++valid;
    const v5store::SystemSpec spec = v5store::parse_spec_string(drawn.yaml);
    const v5gen::GenerationContext context{spec, "prop.yaml", drawn.yaml, "sha256:prop"};
    v5gen::FileTree tree;
    v5gen::emit_entities(context, tree);
    v5gen::emit_repositories(context, tree);
    v5gen::emit_migrations(context, tree);
    v5gen::emit_project(context, tree);
    RC_ASSERT(tree.count("tests/smoke_test.cpp") == 1U);
    const v5store::SchemaRegistry registry(spec);
    for (const auto& entity : spec.entities) {
      for (const auto& field : entity.fields) {
        if (field.generated || field.references_entity) continue;
        for (std::uint64_t variant : {0U, 1U}) {
          const v5validate::SampleValue sample = v5validate::sample_value(field, variant);
          RC_ASSERT(sample.text.has_value());
          const auto violation =
              registry.entity(entity.name).field(field.name).check(value_of(field, *sample.text));
          if (violation) RC_FAIL(violation->message + "\n" + drawn.yaml);
        }
      }
    }
  });
  EXPECT_TRUE(ok);
  // The drawing is useful only when a good share of the specs validates.
  EXPECT_GT(valid.load() * 4, total.load()) << valid << " of " << total << " specs validated";
}

}  // namespace
