// From matched sentences to entities: three passes (which names are entities; fields and
// relations; enum and modifier sentences), then validation with reserved-word renaming.
#include "words/drafter.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "v5validate/orchestrator.hpp"
#include "words/inflect.hpp"
#include "words/items.hpp"
#include "words/lexicon.hpp"
#include "words/patterns.hpp"
#include "words/reading.hpp"
#include "words/sentences.hpp"
#include "words/spec_writer.hpp"
#include "words/types.hpp"

namespace v5gen::words {

namespace {

const std::set<std::string> kSystemWords{"system",   "app", "application", "service",
                                         "platform", "we",  "it"};

std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

bool valid_identifier(const std::string& name) {
  return !name.empty() && name.size() <= 48 && std::count(name.begin(), name.end(), '_') < 5;
}

// An entity name is a noun or a short compound ("order_line"), never a phrase.
bool valid_entity_name(const std::string& name) {
  static const std::set<std::string> kNotInNames{"of", "on", "in", "for", "to", "with", "and",
                                                 "or", "has", "have", "is", "are", "the", "a"};
  if (!valid_identifier(name) || std::count(name.begin(), name.end(), '_') > 2) return false;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '_') {
      if (kNotInNames.count(name.substr(b, i - b)) != 0) return false;
      b = i + 1;
    }
  }
  return !std::isdigit(static_cast<unsigned char>(name[0]));
}

class Drafter {
 public:
  Drafter(std::string_view text, const DraftOptions& options) : options_(options) {
    draft_.source_text = std::string(text);
  }

  Draft run() {
    std::vector<Statement> statements;
    for (const std::string& sentence : split_sentences(draft_.source_text)) {
      const SentenceReading r = read_sentence(strip_bullet(sentence));
      if (r.backend) set_backend(*r.backend, sentence);
      if (!r.system.empty()) system_leads_.push_back(r.system);
      for (const Statement& s : r.statements) statements.push_back(s);
      for (const std::string& u : r.unused) {
        unused(u, "in \"" + sentence + "\": a clause the drafter has no rule for");
      }
      if (!r.used) unused(sentence, "the parser found no clause and no sentence pattern matches");
    }
    find_entities(statements);
    for (const Statement& s : statements) {
      switch (s.kind) {
        case StatementKind::has:
          has(s);
          break;
        case StatementKind::has_many:
          has_many(s);
          break;
        case StatementKind::belongs_to:
          belongs_to(s);
          break;
        default:
          break;
      }
    }
    for (const Statement& s : statements) {
      if (s.kind == StatementKind::relation) relation(s);
    }
    for (const Statement& s : statements) {
      if (s.kind == StatementKind::one_of) one_of(s);
      if (s.kind == StatementKind::modifier) modifier(s);
    }
    finish();
    return std::move(draft_);
  }

 private:
  void unused(const std::string& text, const std::string& reason) {
    draft_.unused.push_back({text, reason});
  }
  void assume(const std::string& text) { draft_.assumptions.push_back(text); }

  void set_backend(const std::string& backend, const std::string& sentence) {
    if (backend_named_ && draft_.backend != backend) {
      assume("several backends named; the last one wins: " + backend + " (\"" + sentence + "\")");
    }
    draft_.backend = backend;
    backend_named_ = true;
  }

  static std::string strip_bullet(const std::string& sentence) {
    std::size_t i = 0;
    while (i < sentence.size() && (sentence[i] == '-' || sentence[i] == '*' || sentence[i] == ' ')) {
      ++i;
    }
    return sentence.substr(i);
  }

  // The entity a noun phrase names: articles and quantifiers dropped, the last word's lemma
  // (WordNet: "people" -> person, "classes" -> class).
  static std::string entity_of(const std::string& phrase) {
    static const std::set<std::string> kQuantifiers{
        "many", "several", "multiple", "various", "both", "at", "most", "least", "more",
        "zero", "or", "one", "two", "exactly", "only", "other", "lots", "of", "different"};
    std::vector<std::string> words = split_words(strip_articles(normalise(phrase)));
    std::size_t from = 0;
    while (from < words.size() && (kQuantifiers.count(words[from]) != 0 ||
                                   words[from] == "a" || words[from] == "an" ||
                                   words[from] == "the")) {
      ++from;
    }
    words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(from));
    if (words.empty()) return std::string();
    words.back() = noun_lemma(words.back());
    return snake_case(join_words(words, 0, words.size()));
  }

  bool is_container(const Statement& s, const std::set<std::string>& subjects) const {
    if (s.kind != StatementKind::has) return false;
    const std::string subject = snake_case(strip_articles(s.subject));
    if (kSystemWords.count(subject) != 0) return true;
    if (s.items.size() < 2 || subjects.count(entity_of(s.subject)) != 0) return false;
    return std::all_of(s.items.begin(), s.items.end(), [](const std::string& raw) {
      const Item item = parse_item(raw);
      const std::vector<std::string> w = split_words(item.phrase);
      return w.size() == 1 && is_plural(w[0]) && !item.optional && !item.unique &&
             item.values.empty();
    });
  }

  // Pass 1: subjects and objects of relation sentences, and the list of a container sentence
  // ("a library has books, members and loans"), are entities.
  void find_entities(std::vector<Statement>& statements) {
    std::set<std::string> subjects;
    for (const Statement& s : statements) {
      const bool relation =
          s.kind == StatementKind::has_many || s.kind == StatementKind::belongs_to ||
          (s.kind == StatementKind::relation && is_plural(split_words(s.subject).empty()
                                                              ? std::string()
                                                              : split_words(s.subject).back()));
      if (relation || (s.kind == StatementKind::has && !is_container(s, {}))) {
        subjects.insert(entity_of(s.subject));
      }
    }
    // "Hospital wards have beds. A ward has a name": the compound names the entity "ward".
    for (Statement& s : statements) {
      const std::string name = entity_of(s.subject);
      const auto last = name.rfind('_');
      if (last == std::string::npos) continue;
      const std::string tail = name.substr(last + 1);
      if (subjects.count(tail) != 0 && subjects.count(name.substr(0, name.find('_'))) == 0) {
        s.subject = tail;
      }
    }
    for (Statement& s : statements) {
      if (s.kind == StatementKind::system_name) {
        set_system(snake_case(strip_articles(s.subject)), s.sentence);
      } else if (is_container(s, subjects)) {
        const std::string subject = snake_case(strip_articles(s.subject));
        if (kSystemWords.count(subject) == 0) set_system(subject, s.sentence);
        for (const std::string& raw : s.items) add_entity(entity_of(parse_item(raw).phrase));
        s.kind = StatementKind::system_name;
      } else if (s.kind == StatementKind::has || s.kind == StatementKind::has_many ||
                 s.kind == StatementKind::belongs_to) {
        add_entity(entity_of(s.subject));
      }
    }
    for (const Statement& s : statements) {
      if (s.kind != StatementKind::has_many && s.kind != StatementKind::belongs_to) continue;
      for (const std::string& raw : s.items) {
        const Item item = parse_item(raw);
        if (!role_target(item.phrase).empty()) continue;
        add_entity(entity_of(item.phrase));
      }
    }
    // Relations: their nouns are entities when described elsewhere or plural things (WordNet:
    // not an attribute, quantity, time, ...): "members book classes".
    for (const Statement& s : statements) {
      if (s.kind == StatementKind::relation) {
        if (thing(s.subject, subjects)) add_entity(entity_of(s.subject));
        for (const auto* list : {&s.items, &s.preposition_items}) {
          for (const std::string& raw : *list) {
            const std::string phrase = parse_item(raw).phrase;
            if (thing(phrase, subjects)) add_entity(entity_of(phrase));
          }
        }
      } else if (s.kind == StatementKind::has || s.kind == StatementKind::has_many) {
        if (draft_.find_entity(entity_of(s.subject)) == nullptr) continue;
        for (const std::string& raw : s.items) {
          const Item item = parse_item(raw);
          const std::vector<std::string> w = split_words(item.phrase);
          if (w.empty() || w.size() > 2 || !item.values.empty() || w[0] == "number" ||
              !(item.many || is_plural(w.back())) || !role_target(item.phrase).empty()) {
            continue;
          }
          if (!names_property(noun_lemma(w.back())) && !infer_field(item.phrase).reason.empty() &&
              infer_field(item.phrase).reason.rfind("no type word", 0) == 0) {
            add_entity(entity_of(item.phrase));
          }
        }
      }
    }
  }

  // True when a relation's noun phrase names a thing that should be an entity.
  bool thing(const std::string& phrase, const std::set<std::string>& subjects) const {
    const std::string name = entity_of(phrase);
    if (name.empty() || kSystemWords.count(name) != 0) return false;
    if (subjects.count(name) != 0 || draft_.find_entity(name) != nullptr) return true;
    const std::vector<std::string> w = split_words(strip_articles(normalise(phrase)));
    if (w.empty() || w.size() > 3 || !is_plural(w.back()) || w.back() == "them") return false;
    return !names_property(noun_lemma(w.back()));
  }

  void set_system(const std::string& name, const std::string& sentence) {
    if (!draft_.system_name.empty() && draft_.system_name != name) {
      assume("system name \"" + draft_.system_name + "\" kept; \"" + sentence + "\" names another");
      return;
    }
    draft_.system_name = name;
  }

  DraftEntity* add_entity(const std::string& name) {
    if (!valid_entity_name(name)) return nullptr;
    if (DraftEntity* e = draft_.find_entity(name)) return e;
    DraftEntity e;
    e.name = name;
    e.table = plural(name);
    DraftField id;
    id.name = "id";
    id.type = "int64";
    id.primary_key = true;
    id.generated = true;
    id.reason = "primary key: a generated int64 (assumed for every entity)";
    e.fields.push_back(id);
    draft_.entities.push_back(std::move(e));
    return &draft_.entities.back();
  }

  // The entity a phrase names, directly ("customer", "customer id") or as a role whose last
  // words name it ("parent category" -> category); empty when it names none.
  std::string role_target(const std::string& phrase) const {
    std::string name = snake_case(phrase);
    if (name.size() > 3 && name.substr(name.size() - 3) == "_id") {
      name = name.substr(0, name.size() - 3);
    }
    const std::vector<std::string> words = split_words(normalise(phrase));
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string candidate = singular(snake_case(join_words(words, i, words.size())));
      if (draft_.find_entity(candidate) != nullptr) return candidate;
    }
    return draft_.find_entity(singular(name)) != nullptr ? singular(name) : std::string();
  }

  void add_reference(DraftEntity& from, const std::string& role, const std::string& target,
                     bool optional, const std::string& on_delete, const std::string& why) {
    std::string field_name = singular(snake_case(role));
    if (field_name.size() < 3 || field_name.substr(field_name.size() - 3) != "_id") {
      field_name += "_id";
    }
    if (from.find_field(field_name) != nullptr) {
      assume(from.name + "." + field_name + " mentioned twice; kept once");
      return;
    }
    DraftField f;
    f.name = field_name;
    f.type = "int64";
    f.references = target + ".id";
    const bool self = target == from.name;
    f.nullable = optional || self;
    f.on_delete = f.nullable ? "set_null" : on_delete;
    f.reason = why + "; on delete " + f.on_delete;
    if (self && !optional)
      assume(from.name + "." + field_name + " refers to its own entity: nullable");
    from.fields.push_back(f);
    from.indexed_fields.push_back(field_name);
  }

  void has(const Statement& s) {
    DraftEntity* e = add_entity(entity_of(s.subject));
    if (e == nullptr) {
      unused(s.sentence, "the subject \"" + s.subject + "\" is not a usable entity name");
      return;
    }
    const std::string entity_name = e->name;
    for (const std::string& raw : s.items) {
      const Item item = parse_item(raw);
      DraftEntity& entity = *draft_.find_entity(entity_name);
      const std::string target = role_target(item.phrase);
      const std::vector<std::string> words = split_words(item.phrase);
      if (item.phrase.empty() || words.size() > 5) {
        unused(raw, "in \"" + s.sentence + "\": not a field name (empty or over five words)");
      } else if (!target.empty() && (item.many || is_plural(words.back()))) {
        has_many_of(entity_name, target, item.optional, s.modal);
      } else if (!target.empty() && target != entity_name) {
        add_reference(entity, item.phrase, target, item.optional, "restrict",
                      "\"has a " + item.phrase + "\": a reference to " + target);
      } else {
        add_field(entity, item, s.sentence);
      }
    }
  }

  void add_field(DraftEntity& entity, const Item& item, const std::string& sentence) {
    DraftField f = infer_field(item.phrase);
    if (!valid_identifier(f.name)) {
      unused(item.phrase, "in \"" + sentence + "\": not a usable field name");
      return;
    }
    if (f.name == "id") {
      assume(entity.name + ".id: the primary key is the generated int64 id");
      return;
    }
    if (item.many && f.type != "json") {
      assume(entity.name + "." + f.name + ": \"many\" of a non-entity is stored as json");
      f.type = "json";
      f.max_length.reset();
      f.pattern.reset();
      f.min.reset();
      f.reason = "a list of values: json";
    }
    if (!item.explicit_type.empty()) {
      const std::string name = f.name;
      f = DraftField();
      f.name = name;
      f.type = item.explicit_type;
      f.reason = "type named in parentheses: " + item.explicit_type;
      if (f.type == "string") f.max_length = 200;
      if (f.type == "decimal") {
        f.precision = 18;
        f.scale = 2;
      }
    }
    if (!item.values.empty()) make_enum(f, item.values);
    f.nullable = item.optional && !item.required;
    f.unique = item.unique;
    if (f.nullable && f.default_value) f.default_value.reset();
    if (DraftField* existing = entity.find_field(f.name)) {
      assume(entity.name + "." + f.name + " mentioned twice; the later mention wins");
      *existing = f;
      return;
    }
    entity.fields.push_back(f);
  }

  void make_enum(DraftField& f, const std::vector<std::string>& values) {
    std::vector<std::string> unique_values;
    for (const std::string& v : values) {
      if (std::find(unique_values.begin(), unique_values.end(), v) == unique_values.end()) {
        unique_values.push_back(v);
      }
    }
    DraftField e;
    e.name = f.name;
    e.type = "enum";
    e.values = unique_values;
    e.default_value = unique_values.front();
    e.reason = "one of the listed values: enum, default the first";
    e.nullable = f.nullable;
    e.unique = f.unique;
    f = e;
  }

  void has_many(const Statement& s) {
    const std::string parent = entity_of(s.subject);
    if (draft_.find_entity(parent) == nullptr) {
      unused(s.sentence, "the subject \"" + s.subject + "\" is not a usable entity name");
      return;
    }
    for (const std::string& raw : s.items) {
      const Item item = parse_item(raw);
      const std::string target = role_target(item.phrase);
      DraftEntity* child = draft_.find_entity(target);
      if (child == nullptr) {
        unused(raw, "in \"" + s.sentence + "\": not an entity name");
        continue;
      }
      has_many_of(parent, child->name, item.optional, s.modal);
    }
  }

  // "`parent` has many `child`s": child.parent_id; many to many when the text also says the
  // other way round ("... and parents can have several children") or "can have" shared things.
  void has_many_of(const std::string& parent, const std::string& child, bool optional,
                   bool modal) {
    if (parent == child) return;
    if (modal || one_to_many_.count(parent + "." + child) != 0) {
      many_to_many(parent, child, "");
      return;
    }
    DraftEntity* c = draft_.find_entity(child);
    if (c == nullptr || reference_to(*c, parent) != nullptr) return;
    add_reference(*c, parent, parent, optional, "cascade",
                  "\"" + parent + " has many " + plural(child) + "\"");
    one_to_many_.insert(child + "." + parent);
  }

  void belongs_to(const Statement& s) {
    DraftEntity* child = draft_.find_entity(entity_of(s.subject));
    if (child == nullptr) {
      unused(s.sentence, "the subject \"" + s.subject + "\" is not a usable entity name");
      return;
    }
    const std::string child_name = child->name;
    for (const std::string& raw : s.items) {
      const Item item = parse_item(raw);
      const std::string target = role_target(item.phrase);
      if (target.empty()) {
        unused(raw, "in \"" + s.sentence + "\": not an entity name");
        continue;
      }
      add_reference(*draft_.find_entity(child_name), item.phrase, target, item.optional, "cascade",
                    "\"" + child_name + " belongs to " + target + "\"");
    }
  }

  // A relation's noun phrase: the entity it names and whether it is plural ("classes",
  // "many courses") rather than one ("a movie").
  struct Party {
    std::string entity;
    bool many = false;
  };

  std::vector<Party> parties(const std::vector<std::string>& items) const {
    std::vector<Party> out;
    for (const std::string& raw : items) {
      const Item item = parse_item(raw);
      std::string target = role_target(item.phrase);
      if (target.empty() && draft_.find_entity(entity_of(item.phrase)) != nullptr) {
        target = entity_of(item.phrase);
      }
      if (target.empty()) continue;
      const std::vector<std::string> w = split_words(normalise(raw));
      const bool one = !w.empty() && (w[0] == "a" || w[0] == "an" || w[0] == "one" ||
                                      w[0] == "the" || w[0] == "each" || w[0] == "its");
      out.push_back({target, !one});
    }
    return out;
  }

  // The entity a verb's many-to-many relation is named after ("book" -> booking), and whether
  // the verb always relates many to many (else only when the text names that entity).
  static std::pair<std::string, bool> nominal(const std::string& verb) {
    static const std::map<std::string, std::pair<std::string, bool>> kNominal{
        {"book", {"booking", true}},          {"enroll", {"enrollment", true}},
        {"enrol", {"enrollment", true}},      {"attend", {"attendance", true}},
        {"join", {"membership", true}},       {"like", {"like", true}},
        {"star", {"star", true}},             {"follow", {"follow", true}},
        {"subscribe", {"subscription", true}}, {"register", {"registration", true}},
        {"vote", {"vote", true}},             {"reserve", {"reservation", true}},
        {"borrow", {"loan", true}},           {"lend", {"loan", true}},
        {"supply", {"supply", true}},         {"feed", {"feeding", true}},
        {"walk", {"walk", true}},             {"use", {"", true}},
        {"apply", {"application", true}},     {"sign up", {"signup", true}},
        {"favorite", {"favorite", true}},     {"favourite", {"favourite", true}},
        {"buy", {"purchase", false}},         {"purchase", {"purchase", false}},
        {"rent", {"rental", false}},          {"adopt", {"adoption", false}},
        {"visit", {"visit", false}},          {"see", {"visit", false}},
        {"treat", {"treatment", false}},      {"order", {"order", false}},
        {"park", {"parking", false}},         {"review", {"review", false}},
        {"rate", {"rating", false}},          {"translate", {"translation", false}},
        {"watch", {"view", false}},           {"stay", {"stay", false}},
        {"take part", {"result", false}}};
    const auto it = kNominal.find(verb);
    return it == kNominal.end() ? std::pair<std::string, bool>{} : it->second;
  }

  // An entity of the text named `name`, or named with it as a word ("parking_session").
  std::string named_like(const std::string& name) const {
    if (name.empty()) return std::string();
    if (draft_.find_entity(name) != nullptr) return name;
    for (const DraftEntity& e : draft_.entities) {
      if (e.name.rfind(name + "_", 0) == 0 ||
          (e.name.size() > name.size() + 1 &&
           e.name.compare(e.name.size() - name.size() - 1, name.size() + 1, "_" + name) == 0)) {
        return e.name;
      }
    }
    return std::string();
  }

  const DraftField* reference_to(const DraftEntity& from, const std::string& target) const {
    for (const DraftField& f : from.fields) {
      if (f.references == target + ".id") return &f;
    }
    return nullptr;
  }

  // "each `child` has one `parent`": child.parent_id, remembered as one-to-many so a later
  // "... can have many ..." the other way turns it into a many-to-many.
  void one_to_many(const std::string& parent, const std::string& child, const std::string& why) {
    DraftEntity* c = draft_.find_entity(child);
    if (c == nullptr || reference_to(*c, parent) != nullptr) return;
    add_reference(*c, parent, parent, false, "cascade", why);
    one_to_many_.insert(child + "." + parent);
  }

  // `a` and `b` related many to many through a join entity: the one the verb names or the text
  // names for it, else `a_b`. A one-to-many drafted earlier between them is replaced, unless
  // the verb names a relation of its own ("users upload photos" stays when "users like photos").
  void many_to_many(const std::string& a, const std::string& b, const std::string& verb) {
    if (a == b) return;
    for (const DraftEntity& e : draft_.entities) {
      if (reference_to(e, a) != nullptr && reference_to(e, b) != nullptr) return;  // named already
    }
    std::string first = a;
    std::string second = b;
    for (const auto& [child, parent] : {std::pair{a, b}, std::pair{b, a}}) {
      DraftEntity* c = draft_.find_entity(child);
      const DraftField* f = c == nullptr ? nullptr : reference_to(*c, parent);
      if (f == nullptr || !nominal(verb).first.empty()) continue;
      if (one_to_many_.count(child + "." + parent) == 0) return;  // "belongs to": one-to-many
      const std::string field = f->name;
      c->fields.erase(std::find_if(c->fields.begin(), c->fields.end(),
                                   [&](const DraftField& x) { return x.name == field; }));
      c->indexed_fields.erase(
          std::find(c->indexed_fields.begin(), c->indexed_fields.end(), field));
      first = parent;
      second = child;
      assume(child + "." + field + " dropped: " + parent + " and " + child +
             " are related many to many");
    }
    std::string join = named_like(nominal(verb).first);
    if (join.empty()) join = named_like(first + "_" + second);
    if (join.empty()) join = named_like(second + "_" + first);
    bool created = false;
    if (join.empty()) {
      join = nominal(verb).first.empty() ? first + "_" + second : nominal(verb).first;
      created = draft_.find_entity(join) == nullptr;
      if (add_entity(join) == nullptr) return;
      if (created) join_entities_.insert(join);
    }
    const std::string why = "\"" + first + " " + (verb.empty() ? "has" : verb) + " " +
                            plural(second) + "\": many to many through " + join;
    for (const std::string& side : {first, second}) {
      DraftEntity& j = *draft_.find_entity(join);
      if (reference_to(j, side) == nullptr) add_reference(j, side, side, false, "cascade", why);
    }
    assume("Is a " + second + " related to many " + plural(first) + "? drafted as many-to-many (" +
           join + (created ? ", a join entity" : "") + ")");
  }

  void relation(const Statement& s) {
    const std::string subject = entity_of(s.subject);
    const std::vector<Party> objects = parties(s.items);
    const std::vector<Party> targets = parties(s.preposition_items);
    if (draft_.find_entity(subject) == nullptr ||
        (objects.empty() && (!s.items.empty() || targets.empty()))) {
      unused(s.sentence, "\"" + s.subject + " " + s.verb + " ...\": no entity on both sides");
      return;
    }
    const std::string why = "\"" + s.subject + " " + s.verb + " ...\"";
    const auto [join_name, always] = nominal(s.verb);
    const bool named_join = !named_like(join_name).empty();
    if (objects.empty()) {  // "students enroll in courses", "employees work in departments"
      for (const Party& t : targets) {
        if (s.modal && t.many) {
          many_to_many(subject, t.entity, s.verb);
        } else if (!join_name.empty() && (always || named_join)) {
          many_to_many(subject, t.entity, s.verb);
        } else {
          DraftEntity& e = *draft_.find_entity(subject);
          if (reference_to(e, t.entity) == nullptr && t.entity != subject) {
            add_reference(e, t.entity, t.entity, false, "restrict", why);
          }
        }
      }
      return;
    }
    const bool join_by_place =
        !targets.empty() &&
        (s.preposition == "through" || s.preposition == "via" ||
         (s.preposition == "in" && targets.front().many && names_event(targets.front().entity)));
    for (const Party& o : objects) {
      if (join_by_place) {  // "vets see pets in visits", "tenants rent apartments through leases"
        for (const Party& t : targets) {
          DraftEntity& j = *draft_.find_entity(t.entity);
          for (const std::string& side : {subject, o.entity}) {
            if (reference_to(j, side) == nullptr && side != t.entity) {
              add_reference(j, side, side, false, "cascade", why);
            }
          }
        }
      } else if (!o.many) {  // "screenings show a movie in a hall"
        DraftEntity& e = *draft_.find_entity(subject);
        for (const Party& p : objects) {
          if (!p.many && reference_to(e, p.entity) == nullptr && p.entity != subject) {
            add_reference(e, p.entity, p.entity, false, "restrict", why);
          }
        }
        for (const Party& t : targets) {
          if (!t.many && reference_to(e, t.entity) == nullptr && t.entity != subject) {
            add_reference(e, t.entity, t.entity, false, "restrict", why);
          }
        }
        break;
      } else if (!targets.empty()) {  // "readers leave comments on posts"
        one_to_many(subject, o.entity, why);
        for (const Party& t : targets) one_to_many(t.entity, o.entity, why);
      } else if ((always && !join_name.empty()) || named_join || s.modal ||
                 (always && join_name.empty())) {  // "members book classes"
        many_to_many(subject, o.entity, s.verb);
      } else {  // "users own projects", "customers receive invoices"
        one_to_many(subject, o.entity, why);
      }
    }
  }

  // Resolves "order's status", "the status of an order", "order status" or "status" to the
  // fields it names: (entity, field) pairs; a field not yet declared on a named entity is
  // returned with an empty field name.
  std::vector<std::pair<std::string, std::string>> resolve(const std::string& phrase) const {
    std::string text = strip_articles(normalise(phrase));
    std::string entity;
    std::string field;
    if (auto pos = text.find("'s "); pos != std::string::npos) {
      entity = entity_of(text.substr(0, pos));
      field = snake_case(text.substr(pos + 3));
    } else if (auto of = text.find(" of "); of != std::string::npos) {
      field = snake_case(text.substr(0, of));
      entity = entity_of(text.substr(of + 4));
    } else {
      const std::vector<std::string> words = split_words(text);
      for (std::size_t k = words.size() > 0 ? words.size() - 1 : 0; k >= 1 && entity.empty(); --k) {
        const std::string head = join_words(words, 0, k);
        const std::string tail = join_words(words, k, words.size());
        if (draft_.find_entity(entity_of(head)) != nullptr) {
          entity = entity_of(head);
          field = snake_case(tail);
        }
      }
      if (entity.empty()) field = snake_case(text);
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const DraftEntity& e : draft_.entities) {
      if (!entity.empty() && e.name != entity) continue;
      for (const std::string& name : {field, singular(field)}) {
        if (e.find_field(name) != nullptr) {
          out.emplace_back(e.name, name);
          break;
        }
      }
    }
    if (out.empty() && !entity.empty() && draft_.find_entity(entity) != nullptr) {
      out.emplace_back(entity, std::string());
    }
    return out;
  }

  void one_of(const Statement& s) {
    const auto targets = resolve(s.subject);
    std::vector<std::string> values;
    for (const std::string& raw : s.items) {
      const std::string v = snake_case(raw);
      if (!v.empty()) values.push_back(v);
    }
    if (targets.empty() || values.empty()) {
      unused(s.sentence, "no entity or field named \"" + s.subject + "\"");
      return;
    }
    for (const auto& [entity_name, field_name] : targets) {
      DraftEntity& e = *draft_.find_entity(entity_name);
      if (field_name.empty()) {
        std::string phrase = strip_articles(normalise(s.subject));
        if (auto pos = phrase.find("'s "); pos != std::string::npos)
          phrase = phrase.substr(pos + 3);
        if (auto of = phrase.find(" of "); of != std::string::npos) phrase = phrase.substr(0, of);
        if (phrase.rfind(entity_name + " ", 0) == 0) phrase = phrase.substr(entity_name.size() + 1);
        Item item;
        item.phrase = phrase;
        item.values = values;
        add_field(e, item, s.sentence);
      } else {
        DraftField& f = *e.find_field(field_name);
        make_enum(f, values);
      }
    }
    if (targets.size() > 1) {
      assume("\"" + s.sentence + "\" applies to every entity with that field");
    }
  }

  void modifier(const Statement& s) {
    auto targets = resolve(s.subject);
    if (std::none_of(targets.begin(), targets.end(),
                     [](const auto& target) { return !target.second.empty(); })) {
      // "The phone of a customer is optional": the reading may keep only the noun after "of";
      // the words before the verb name the field.
      static const std::regex kSubjectBeforeVerb(
          R"(^(.+? of .+?) (?:is|are|must be|should be|has to be|have to be|can be|may be) )");
      std::smatch m;
      const std::string text = normalise(s.sentence);
      if (std::regex_search(text, m, kSubjectBeforeVerb)) targets = resolve(m[1].str());
    }
    bool applied = false;
    for (const auto& [entity_name, field_name] : targets) {
      if (field_name.empty()) continue;
      DraftField& f = *draft_.find_entity(entity_name)->find_field(field_name);
      if (s.word == "unique") f.unique = true;
      if (s.word == "optional") {
        f.nullable = true;
        if (!f.references.empty()) f.on_delete = "set_null";
      }
      if (s.word == "required") f.nullable = false;
      applied = true;
    }
    if (!applied) unused(s.sentence, "no declared field named \"" + s.subject + "\"");
    if (targets.size() > 1) {
      assume("\"" + s.sentence + "\" applies to every entity with that field");
    }
  }

  void finish() {
    if (!options_.system_name.empty()) draft_.system_name = snake_case(options_.system_name);
    if (draft_.entities.empty()) {
      unused(draft_.source_text, "no entity found: say \"X has a, b and c\" (docs/words.md)");
      return;
    }
    for (const std::string& lead : system_leads_) {
      if (!draft_.system_name.empty()) break;
      std::vector<std::string> words = split_words(strip_articles(lead));
      static const std::set<std::string> kStops{"on", "where", "for", "in", "with", "using",
                                                "that", "which", "to", "of"};
      while (!words.empty() && kStops.count(words.front()) != 0) {
        words = split_words(strip_articles(join_words(words, 1, words.size())));
      }
      std::size_t end = 0;
      while (end < words.size() && kStops.count(words[end]) == 0) ++end;
      const std::string name = snake_case(join_words(words, 0, end));
      if (end > 0 && end <= 3 && valid_entity_name(name) && kSystemWords.count(name) == 0) {
        draft_.system_name = name;
      }
    }
    if (draft_.system_name.empty()) {
      draft_.system_name = plural(draft_.entities.front().name);
      assume("system name \"" + draft_.system_name + "\" from the first entity (none was given)");
    }
    if (!backend_named_) assume("backend sqlite (no backend named)");
    for (DraftEntity& e : draft_.entities) {
      if (join_entities_.count(e.name) != 0) {
        assume(e.name + " joins two entities; it has no fields of its own");
      } else if (e.fields.size() == 1 ||
          std::all_of(e.fields.begin() + 1, e.fields.end(),
                      [](const DraftField& f) { return !f.references.empty(); })) {
        DraftField name = infer_field("name");
        name.reason = "an entity without fields of its own gets a name (assumed)";
        e.fields.push_back(name);
        assume(e.name + " has no fields of its own: a name was added");
      }
      assume(e.name + ": table \"" + e.table + "\", primary key id, one store component \"" +
             e.table + "\"");
      for (const DraftField& f : e.fields) {
        if (!f.primary_key && f.references.empty()) {
          assume(e.name + "." + f.name + " is " + f.type + ": " + f.reason);
        }
      }
    }
  }

  DraftOptions options_;
  Draft draft_;
  bool backend_named_ = false;
  std::vector<std::string> system_leads_;    // what sentences say around their clauses
  std::set<std::string> one_to_many_;        // "child.parent" drafted from "has many" or a verb
  std::set<std::string> join_entities_;      // join entities drafted for a many-to-many verb
};

// Renames the tables and fields that levels 1, 2 and 4 report as reserved words; true when
// something was renamed.
bool rename_reserved(Draft& draft, const v5validate::Report& report) {
  bool renamed = false;
  for (const v5validate::Finding& f : report.findings()) {
    if (f.code != "V401" && f.code != "V402") continue;
    const std::vector<std::string> parts = [&] {
      std::vector<std::string> out;
      std::size_t b = 0;
      for (std::size_t i = 0; i <= f.path.size(); ++i) {
        if (i == f.path.size() || f.path[i] == '.') {
          out.push_back(f.path.substr(b, i - b));
          b = i + 1;
        }
      }
      return out;
    }();
    if (parts.size() < 2 || parts[0] != "entities") continue;
    DraftEntity* e = draft.find_entity(parts[1]);
    if (e == nullptr) continue;
    if (parts.size() == 4 && parts[2] == "fields") {
      DraftField* field = e->find_field(parts[3]);
      if (field == nullptr) continue;
      const std::string new_name = e->name + "_" + field->name;
      draft.assumptions.push_back(e->name + "." + field->name + " is a reserved word: renamed " +
                                  new_name);
      for (std::string& idx : e->indexed_fields) {
        if (idx == field->name) idx = new_name;
      }
      field->name = new_name;
      renamed = true;
    } else if (parts.size() <= 3) {
      const std::string new_table = draft.system_name + "_" + e->table;
      draft.assumptions.push_back("table " + e->table + " is a reserved word: renamed " +
                                  new_table);
      e->table = new_table;
      renamed = true;
    }
  }
  return renamed;
}

}  // namespace

DraftResult draft_spec(std::string_view text, const DraftOptions& options) {
  DraftResult result;
  result.draft = Drafter(text, options).run();
  if (result.draft.entities.empty()) return result;
  v5validate::Options validate;
  validate.max_level = 4;
  validate.live = false;
  result.spec_yaml = write_spec(result.draft);
  result.report = v5validate::Orchestrator::run_text(result.spec_yaml, validate, "<draft>");
  for (int round = 0; round < 3 && rename_reserved(result.draft, result.report); ++round) {
    result.spec_yaml = write_spec(result.draft);
    result.report = v5validate::Orchestrator::run_text(result.spec_yaml, validate, "<draft>");
  }
  return result;
}

}  // namespace v5gen::words
