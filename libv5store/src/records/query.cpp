// The value types of query.hpp: combining conditions and naming selections.
#include "v5store/query.hpp"

namespace v5store {
namespace {

// `a` and `b` under one `kind` node, splicing children of nodes of the same kind.
Condition combine(Condition::Kind kind, Condition a, Condition b) {
  Condition out;
  out.kind = kind;
  for (Condition* c : {&a, &b}) {
    if (c->kind == kind) {
      for (Condition& child : c->children) out.children.push_back(std::move(child));
    } else {
      out.children.push_back(std::move(*c));
    }
  }
  return out;
}

}  // namespace

Condition operator&&(Condition a, Condition b) {
  if (a.kind == Condition::Kind::all) return b;
  if (b.kind == Condition::Kind::all) return a;
  return combine(Condition::Kind::all_of, std::move(a), std::move(b));
}

Condition operator||(Condition a, Condition b) {
  return combine(Condition::Kind::any_of, std::move(a), std::move(b));
}

Condition operator!(Condition c) {
  Condition out;
  out.kind = Condition::Kind::negation;
  out.children.push_back(std::move(c));
  return out;
}

std::string Selection::name() const {
  if (!as.empty()) return as;
  switch (kind) {
    case Kind::field: return field;
    case Kind::count: return "count";
    case Kind::sum: return "sum_" + field;
    case Kind::min: return "min_" + field;
    case Kind::max: return "max_" + field;
    case Kind::avg: return "avg_" + field;
  }
  return field;
}

}  // namespace v5store
