// Unit tests of the drafting steps: inflection, sentence and list splitting, item parsing,
// type inference, sentence patterns; and `v5gen draft` end to end through the binary.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "v5validate/orchestrator.hpp"
#include "words/drafter.hpp"
#include "words/inflect.hpp"
#include "words/items.hpp"
#include "words/patterns.hpp"
#include "words/sentences.hpp"
#include "words/types.hpp"

namespace {

using namespace v5gen::words;

TEST(Inflect, SingularAndPlural) {
  EXPECT_EQ(singular("categories"), "category");
  EXPECT_EQ(singular("order_lines"), "order_line");
  EXPECT_EQ(singular("people"), "person");
  EXPECT_EQ(singular("addresses"), "address");
  EXPECT_EQ(singular("status"), "status");
  EXPECT_EQ(singular("boxes"), "box");
  EXPECT_EQ(plural("category"), "categories");
  EXPECT_EQ(plural("status"), "statuses");
  EXPECT_EQ(plural("order_line"), "order_lines");
  EXPECT_EQ(plural("day"), "days");
  EXPECT_EQ(snake_case("Due Date"), "due_date");
  EXPECT_EQ(snake_case("3d model"), "n_3d_model");
}

TEST(Sentences, SplitsSentencesAndLists) {
  EXPECT_EQ(split_sentences("A has b. Price is 3.5\nC has d; e (x. y)"),
            (std::vector<std::string>{"A has b", "Price is 3.5", "C has d", "e (x. y)"}));
  EXPECT_EQ(split_list("a title, an isbn (a, b or c) and a price"),
            (std::vector<std::string>{"a title", "an isbn (a, b or c)", "a price"}));
}

TEST(Items, ModifiersEnumsAndTypes) {
  Item item = parse_item("an optional phone");
  EXPECT_EQ(item.phrase, "phone");
  EXPECT_TRUE(item.optional);
  item = parse_item("a status (new, paid or shipped)");
  EXPECT_EQ(item.phrase, "status");
  EXPECT_EQ(item.values, (std::vector<std::string>{"new", "paid", "shipped"}));
  item = parse_item("an isbn which is unique");
  EXPECT_EQ(item.phrase, "isbn");
  EXPECT_TRUE(item.unique);
  item = parse_item("a weight (decimal, optional)");
  EXPECT_EQ(item.explicit_type, "decimal");
  EXPECT_TRUE(item.optional);
  EXPECT_TRUE(parse_item("many comments").many);
}

TEST(Types, InfersFromNames) {
  EXPECT_EQ(infer_field("email").pattern.has_value(), true);
  EXPECT_EQ(infer_field("website").type, "string");
  EXPECT_EQ(infer_field("price").name, "price_cents");
  EXPECT_EQ(infer_field("price").type, "int64");
  EXPECT_EQ(infer_field("number of guests").name, "guest_count");
  EXPECT_EQ(infer_field("number of guests").type, "int32");
  EXPECT_EQ(infer_field("quantity").type, "int32");
  EXPECT_EQ(infer_field("due date").type, "date");
  EXPECT_EQ(infer_field("published on").type, "date");
  EXPECT_EQ(infer_field("created at").type, "timestamp");
  EXPECT_EQ(infer_field("created at time").name, "created_at");
  EXPECT_EQ(infer_field("is active").type, "bool");
  EXPECT_EQ(infer_field("done").type, "bool");
  EXPECT_EQ(infer_field("returned flag").name, "returned");
  EXPECT_EQ(infer_field("password").name, "password_hash");
  EXPECT_EQ(infer_field("password").type, "bytes");
  EXPECT_EQ(infer_field("nickname").type, "string");
  EXPECT_EQ(infer_field("nickname").max_length, 200);
}

TEST(Patterns, RecognisesEachForm) {
  EXPECT_EQ(match_sentence("Each book has a title and a price").statement->kind,
            StatementKind::has);
  EXPECT_EQ(match_sentence("Customers have many orders").statement->kind, StatementKind::has_many);
  EXPECT_EQ(match_sentence("A loan belongs to a member").statement->kind,
            StatementKind::belongs_to);
  EXPECT_EQ(match_sentence("The status is one of a, b or c").statement->kind,
            StatementKind::one_of);
  EXPECT_EQ(match_sentence("Emails are unique").statement->word, "unique");
  const Match backend = match_sentence("It runs on PostgreSQL.");
  EXPECT_EQ(backend.backend, "postgresql");
  EXPECT_TRUE(backend.used);
  EXPECT_FALSE(backend.statement.has_value());
  EXPECT_FALSE(match_sentence("Nice weather today").used);
}

TEST(Drafter, NothingDroppedSilently) {
  const DraftResult r = draft_spec("Gibberish here. A pet has a name. Pets fly to the moon.");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.draft.unused.size(), 2u);
  EXPECT_EQ(r.draft.unused[0].text, "Gibberish here");
  EXPECT_EQ(r.draft.unused[1].text, "Pets fly to the moon");
}

TEST(Drafter, NoEntityIsNotOk) {
  const DraftResult r = draft_spec("Hello world.");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.draft.entities.empty());
  EXPECT_FALSE(r.draft.unused.empty());
}

TEST(Drafter, ModifierSentencesApplyToDeclaredFields) {
  const DraftResult r = draft_spec(
      "A customer has a name, an email and a phone. Emails are unique. The phone of "
      "a customer is optional. A customer's tier is one of gold or silver.");
  ASSERT_TRUE(r.ok());
  const DraftEntity* c = r.draft.find_entity("customer");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->find_field("email")->unique);
  EXPECT_TRUE(c->find_field("phone")->nullable);
  ASSERT_NE(c->find_field("tier"), nullptr);
  EXPECT_EQ(c->find_field("tier")->type, "enum");
  EXPECT_TRUE(r.draft.unused.empty());
}

TEST(Drafter, RenamesReservedWords) {
  const DraftResult r = draft_spec("A meeting has a date, a from and an order. Use PostgreSQL.");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.draft.backend, "postgresql");
  const DraftEntity* m = r.draft.find_entity("meeting");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->find_field("meeting_from"), nullptr);
  EXPECT_NE(m->find_field("meeting_order"), nullptr);
  EXPECT_EQ(m->find_field("from"), nullptr);
  EXPECT_TRUE(
      std::any_of(r.draft.assumptions.begin(), r.draft.assumptions.end(),
                  [](const std::string& a) { return a.find("reserved") != std::string::npos; }));
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(DraftCommand, WritesASpecThatValidates) {
  const auto dir = std::filesystem::temp_directory_path() / "v5gen_words_draft_test";
  std::filesystem::create_directories(dir);
  const auto spec = dir / "spec.yaml";
  ASSERT_EQ(
      run(std::string(V5GEN_PATH) + " draft \"Each book has a title and a price. On MySQL.\" -o " +
          spec.string() + " 2>/dev/null"),
      0);
  v5validate::Options options;
  EXPECT_TRUE(v5validate::Orchestrator::run(spec, options).valid());
  EXPECT_EQ(run(std::string(V5GEN_PATH) + " validate " + spec.string() + " >/dev/null"), 0);
  EXPECT_EQ(run(std::string(V5GEN_PATH) + " draft \"Hello.\" >/dev/null 2>&1"), 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
