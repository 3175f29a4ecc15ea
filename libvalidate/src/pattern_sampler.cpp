#include "pattern_sampler.hpp"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <limits>
#include <map>
#include <regex>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace v5validate::detail {

namespace {

constexpr std::size_t kCap = 4096;  // the longest sampled string, in bytes
constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kMaxRepetitions = 65536;
constexpr std::uint64_t kWorkBudget = 200'000;  // runs shifted by plus() per sample
constexpr std::size_t kMaxTargets = 12;             // lengths tried per sample

using CharSet = std::bitset<256>;
using Lengths = std::bitset<kCap + 1>;  // bit n: the node can produce n bytes

// Syntax the sampler does not model, or a pattern too costly to sample.
struct Unsupported {
  std::string reason;
};

enum class Kind { chars, sequence, alternation, repeat, group, assertion, backref };

// One node of the parsed pattern.
struct Node {
  Kind kind = Kind::sequence;
  CharSet set;                 // chars: the bytes it matches
  std::vector<Node> children;  // sequence, alternation; repeat, group, lookahead: one child
  std::size_t min_count = 0;   // repeat
  std::size_t max_count = 0;   // repeat; kUnbounded for * and +
  int group = 0;               // group: capture number (0: non-capturing); backref: its group
  char assertion = 0;          // '^', '$', 'b' (\b or \B), '=' or '!' (lookahead)
  bool prefer_short = false;   // padding around an unanchored pattern: as short as possible
  Lengths lengths;             // filled by Sampler::measure
};

Lengths only(std::size_t length) {
  Lengths lengths;
  lengths.set(length);
  return lengths;
}

CharSet range_set(unsigned char low, unsigned char high) {
  CharSet set;
  for (unsigned c = low; c <= high; ++c) set.set(c);
  return set;
}

CharSet ctype_set(int (*predicate)(int)) {
  CharSet set;
  for (int c = 0; c < 128; ++c) {
    if (predicate(c) != 0) set.set(static_cast<std::size_t>(c));
  }
  return set;
}

CharSet digit_set() { return range_set('0', '9'); }
CharSet space_set() { return ctype_set(&isspace); }
CharSet word_set() {
  CharSet set = ctype_set(&isalnum);
  set.set('_');
  return set;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A recursive-descent reader of the ECMAScript grammar std::regex implements.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Node parse() {
    Node node = disjunction(0);
    if (!at_end()) throw Unsupported{fmt::format("unexpected `{}` at offset {}", peek(), pos_)};
    return node;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool eat(char c) {
    if (at_end() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  char next() {
    if (at_end()) throw Unsupported{"the pattern ends inside an escape or class"};
    return text_[pos_++];
  }

  Node disjunction(int depth) {
    if (depth > 64) throw Unsupported{"groups nest more than 64 deep"};
    Node first = alternative(depth);
    if (at_end() || peek() != '|') return first;
    Node node;
    node.kind = Kind::alternation;
    node.children.push_back(std::move(first));
    while (eat('|')) node.children.push_back(alternative(depth));
    return node;
  }

  Node alternative(int depth) {
    Node node;
    node.kind = Kind::sequence;
    while (!at_end() && peek() != '|' && peek() != ')') {
      Node term = atom(depth);
      quantify(term);
      node.children.push_back(std::move(term));
    }
    return node;
  }

  Node atom(int depth) {
    const char c = next();
    switch (c) {
      case '^':
      case '$':
        return assertion(c);
      case '.': {
        CharSet set;
        set.set();
        set.reset('\n');
        set.reset('\r');
        return chars(set);
      }
      case '[':
        return chars(class_set());
      case '(':
        return group(depth);
      case '\\':
        return escape();
      case '*':
      case '+':
      case '?':
        throw Unsupported{"a quantifier with nothing to repeat"};
      default: {
        CharSet set;
        set.set(static_cast<unsigned char>(c));
        return chars(set);
      }
    }
  }

  static Node chars(const CharSet& set) {
    Node node;
    node.kind = Kind::chars;
    node.set = set;
    return node;
  }
  static Node assertion(char which) {
    Node node;
    node.kind = Kind::assertion;
    node.assertion = which;
    return node;
  }

  Node group(int depth) {
    Node node;
    node.kind = Kind::group;
    if (eat('?')) {
      if (eat('=')) {
        node = assertion('=');
      } else if (eat('!')) {
        node = assertion('!');
      } else if (!eat(':')) {
        throw Unsupported{"a group `(?` other than (?: (?= (?!"};
      }
    } else {
      node.group = ++groups_;
    }
    node.children.push_back(disjunction(depth + 1));
    if (!eat(')')) throw Unsupported{"an unclosed group"};
    return node;
  }

  Node escape() {
    const char c = peek();
    if (c == 'b' || c == 'B') {
      ++pos_;
      return assertion('b');
    }
    if (c >= '1' && c <= '9') {
      int number = 0;
      while (!at_end() && peek() >= '0' && peek() <= '9' && number < 1000) {
        number = number * 10 + (next() - '0');
      }
      Node node;
      node.kind = Kind::backref;
      node.group = number;
      return node;
    }
    return chars(escape_set(false).first);
  }

  // The set of one escape after its backslash (\d, \n, \x41, \. ...), and whether it is a
  // class escape (\d \D \w \W \s \S) rather than one character. In a class, \b is backspace.
  std::pair<CharSet, bool> escape_set(bool in_class) {
    const char c = next();
    CharSet set;
    switch (c) {
      case 'd': return {digit_set(), true};
      case 'D': return {~digit_set(), true};
      case 'w': return {word_set(), true};
      case 'W': return {~word_set(), true};
      case 's': return {space_set(), true};
      case 'S': return {~space_set(), true};
      case 'f': set.set('\f'); break;
      case 'n': set.set('\n'); break;
      case 'r': set.set('\r'); break;
      case 't': set.set('\t'); break;
      case 'v': set.set('\v'); break;
      case '0': set.set(0); break;
      case 'b':
        if (!in_class) throw Unsupported{"\\b outside a class"};
        set.set('\b');
        break;
      case 'c': set.set(static_cast<unsigned char>(next()) % 32); break;
      case 'x':
      case 'u': {
        const int digits = c == 'x' ? 2 : 4;
        unsigned value = 0;
        for (int i = 0; i < digits; ++i) {
          const int digit = hex_value(next());
          if (digit < 0) throw Unsupported{fmt::format("a malformed \\{} escape", c)};
          value = value * 16 + static_cast<unsigned>(digit);
        }
        if (value > 255) throw Unsupported{"a \\u escape above \\u00ff"};
        set.set(value);
        break;
      }
      default: set.set(static_cast<unsigned char>(c)); break;
    }
    return {set, false};
  }

  // `[...]` after its `[`: ranges, escapes, POSIX classes, negation.
  CharSet class_set() {
    const bool negated = eat('^');
    CharSet set;
    while (!eat(']')) {
      auto [low_set, low] = class_atom();
      if (low && peek() == '-' && peek(1) != ']' && pos_ + 1 < text_.size()) {
        ++pos_;
        auto [high_set, high] = class_atom();
        if (!high) {
          set |= low_set | high_set;
          set.set('-');
          continue;
        }
        if (*low > *high) throw Unsupported{"a range out of order"};
        set |= range_set(*low, *high);
      } else {
        set |= low_set;
      }
    }
    return negated ? ~set : set;
  }

  // One member of a class: its set, and its byte when it is a single character.
  std::pair<CharSet, std::optional<unsigned char>> class_atom() {
    const char c = next();
    if (c == '\\') {
      auto [set, is_class] = escape_set(true);
      if (is_class) return {set, std::nullopt};
      for (unsigned b = 0; b < 256; ++b) {
        if (set.test(b)) return {set, static_cast<unsigned char>(b)};
      }
    }
    if (c == '[' && (peek() == ':' || peek() == '.' || peek() == '=')) {
      const char kind = next();
      const std::size_t close = text_.find(std::string{kind, ']'}, pos_);
      if (close == std::string_view::npos) throw Unsupported{"an unclosed [: class"};
      const std::string_view name = text_.substr(pos_, close - pos_);
      pos_ = close + 2;
      if (kind != ':') {
        if (name.size() != 1) throw Unsupported{"a collating element"};
        CharSet set;
        set.set(static_cast<unsigned char>(name[0]));
        return {set, static_cast<unsigned char>(name[0])};
      }
      return {posix_class(name), std::nullopt};
    }
    CharSet set;
    set.set(static_cast<unsigned char>(c));
    return {set, static_cast<unsigned char>(c)};
  }

  static CharSet posix_class(std::string_view name) {
    static const std::map<std::string_view, int (*)(int)> kClasses = {
        {"alnum", &isalnum}, {"alpha", &isalpha}, {"blank", &isblank}, {"cntrl", &iscntrl},
        {"digit", &isdigit}, {"d", &isdigit},     {"graph", &isgraph}, {"lower", &islower},
        {"print", &isprint}, {"punct", &ispunct}, {"space", &isspace}, {"s", &isspace},
        {"upper", &isupper}, {"xdigit", &isxdigit}};
    if (name == "w") return word_set();
    const auto it = kClasses.find(name);
    if (it == kClasses.end()) throw Unsupported{fmt::format("the class [:{}:]", name)};
    return ctype_set(it->second);
  }

  void quantify(Node& term) {
    std::size_t low = 0;
    std::size_t high = 0;
    if (eat('*')) {
      high = kUnbounded;
    } else if (eat('+')) {
      low = 1;
      high = kUnbounded;
    } else if (eat('?')) {
      high = 1;
    } else if (peek() == '{' && braces(low, high)) {
    } else {
      return;
    }
    eat('?');  // lazy: the same strings
    if (low > high) throw Unsupported{"a {m,n} quantifier with m > n"};
    if (term.kind == Kind::assertion) return;
    Node node;
    node.kind = Kind::repeat;
    node.min_count = low;
    node.max_count = high;
    node.children.push_back(std::move(term));
    term = std::move(node);
  }

  // {m}, {m,} or {m,n} at the current position; false (nothing read) when it is not one.
  bool braces(std::size_t& low, std::size_t& high) {
    std::size_t at = pos_ + 1;
    const auto number = [&](std::size_t& out) {
      const std::size_t start = at;
      out = 0;
      while (at < text_.size() && text_[at] >= '0' && text_[at] <= '9') {
        out = std::min<std::size_t>(out * 10 + static_cast<std::size_t>(text_[at] - '0'),
                                    kUnbounded / 20);
        ++at;
      }
      return at > start;
    };
    if (!number(low)) return false;
    high = low;
    if (at < text_.size() && text_[at] == ',') {
      ++at;
      if (!number(high)) high = kUnbounded;
    }
    if (at >= text_.size() || text_[at] != '}') return false;
    pos_ = at + 1;
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int groups_ = 0;
};

// The order characters are picked in: letters, digits, common punctuation, the rest of
// printable ASCII, whitespace and control characters, bytes above 127, NUL last.
const std::vector<unsigned char>& preference() {
  static const std::vector<unsigned char> order = [] {
    std::vector<unsigned char> out;
    std::bitset<256> taken;
    const auto add = [&](unsigned c) {
      if (!taken.test(c)) {
        taken.set(c);
        out.push_back(static_cast<unsigned char>(c));
      }
    };
    for (unsigned c = 'a'; c <= 'z'; ++c) add(c);
    for (unsigned c = 'A'; c <= 'Z'; ++c) add(c);
    for (unsigned c = '0'; c <= '9'; ++c) add(c);
    for (char c : std::string_view("-_.@+:/ ")) add(static_cast<unsigned char>(c));
    for (unsigned c = 0x21; c < 0x7f; ++c) add(c);
    for (unsigned c = 1; c < 256; ++c) add(c);
    add(0);
    return out;
  }();
  return order;
}

// Measures a parsed pattern and lays out strings of a chosen length as slots (the set each
// byte is picked from), then picks the bytes.
class Sampler {
 public:
  void measure(Node& node) {
    switch (node.kind) {
      case Kind::chars:
        node.lengths = node.set.any() ? only(1) : Lengths();
        break;
      case Kind::assertion:
        node.lengths = only(0);
        break;
      case Kind::backref: {
        const auto it = groups_.find(node.group);
        node.lengths = it == groups_.end() ? only(0) : it->second->lengths;
        break;
      }
      case Kind::group:
        measure(node.children.front());
        node.lengths = node.children.front().lengths;
        if (node.group != 0) groups_[node.group] = &node;
        break;
      case Kind::sequence:
        node.lengths = only(0);
        for (Node& child : node.children) {
          measure(child);
          node.lengths = plus(node.lengths, child.lengths);
        }
        break;
      case Kind::alternation:
        node.lengths.reset();
        for (Node& child : node.children) {
          measure(child);
          node.lengths |= child.lengths;
        }
        break;
      case Kind::repeat: {
        Node& atom = node.children.front();
        measure(atom);
        node.lengths.reset();
        if (atom.lengths.count() == 1) {  // a fixed-length atom: lengths k * size
          const std::size_t size = atom.lengths._Find_first();
          if (size == 0) {
            node.lengths.set(0);
            break;
          }
          for (std::size_t k = node.min_count; k <= node.max_count && k <= kCap / size; ++k) {
            node.lengths.set(k * size);
          }
          break;
        }
        node.lengths = plus(exactly(atom.lengths, node.min_count),
                            at_most(atom.lengths, node.max_count == kUnbounded
                                                      ? kUnbounded
                                                      : node.max_count - node.min_count));
        break;
      }
    }
  }

  // Lays out `node` producing exactly `length` bytes; false when this layout fails.
  bool lay_out(const Node& node, std::size_t length) {
    if (length > kCap || !node.lengths.test(length)) return false;
    switch (node.kind) {
      case Kind::chars:
        slots_.push_back({node.set, -1});
        return true;
      case Kind::assertion:
        return true;
      case Kind::backref: {
        const auto it = captured_.find(node.group);
        const std::size_t start = it == captured_.end() ? 0 : it->second.first;
        const std::size_t end = it == captured_.end() ? 0 : it->second.second;
        if (end - start != length) return false;
        for (std::size_t i = start; i < end; ++i) {
          slots_.push_back({CharSet(), static_cast<std::ptrdiff_t>(i)});
        }
        return true;
      }
      case Kind::group: {
        const std::size_t start = slots_.size();
        if (!lay_out(node.children.front(), length)) return false;
        if (node.group != 0) captured_[node.group] = {start, slots_.size()};
        return true;
      }
      case Kind::alternation:
        for (const Node& child : node.children) {
          if (!child.lengths.test(length)) continue;
          const std::size_t mark = slots_.size();
          const auto captured = captured_;
          if (lay_out(child, length)) return true;
          slots_.resize(mark);
          captured_ = captured;
        }
        return false;
      case Kind::sequence:
        return lay_out_sequence(node, length);
      case Kind::repeat:
        return lay_out_repeat(node, length);
    }
    return false;
  }

  // The number of distinct strings the current layout gives (saturating).
  std::uint64_t capacity() const {
    std::uint64_t product = 1;
    for (const Slot& slot : slots_) {
      if (slot.copy_of >= 0) continue;
      const auto count = static_cast<std::uint64_t>(slot.set.count());
      if (count > 1 && product > std::numeric_limits<std::uint64_t>::max() / count) {
        return std::numeric_limits<std::uint64_t>::max();
      }
      product *= std::max<std::uint64_t>(count, 1);
    }
    return product;
  }

  // The `variant`-th string of the current layout (variant < capacity()). Strategy 0 walks
  // each set in preference order from the slot's position (`[0-9]{4}` gives 0123); strategy
  // 1 strides through it, so wide sets (`.`) mix letters, capitals, digits and punctuation.
  std::string pick(std::uint64_t variant, int strategy) const {
    std::string out(slots_.size(), '\0');
    std::vector<std::uint64_t> digits(slots_.size(), 0);
    for (std::size_t i = slots_.size(); i-- > 0;) {
      if (slots_[i].copy_of >= 0) continue;
      const auto count = static_cast<std::uint64_t>(slots_[i].set.count());
      if (count > 1) {
        digits[i] = variant % count;
        variant /= count;
      }
    }
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const Slot& slot = slots_[i];
      if (slot.copy_of >= 0) {
        out[i] = out[static_cast<std::size_t>(slot.copy_of)];
        continue;
      }
      std::vector<unsigned char> members;
      for (unsigned char c : preference()) {
        if (slot.set.test(c)) members.push_back(c);
      }
      const std::uint64_t base = strategy == 0 ? i : i * 27;
      out[i] = static_cast<char>(members[(base + digits[i]) % members.size()]);
    }
    return out;
  }

  // Starts a new layout. Layouts differ in how a length is shared out: 0 gives each part of
  // a sequence and each repetition as much as it can take, 1 as little, 2 shares a repeat's
  // length evenly between its repetitions (`(\d\.?){4}` of 7 as 0.1.2.3).
  void clear_layout(int layout) {
    slots_.clear();
    captured_.clear();
    layout_ = layout;
  }

 private:
  struct Slot {
    CharSet set;
    std::ptrdiff_t copy_of;  // a back-reference repeats the byte of this slot
  };

  // The lengths of exactly k repetitions of an atom, computed on demand; once a step equals
  // the one before (the atom can be empty), every later step is the same.
  class Repetitions {
   public:
    Repetitions(Sampler& sampler, const Lengths& atom) : sampler_(sampler), atom_(atom) {
      steps_.push_back(only(0));
    }
    const Lengths& at(std::size_t k) {
      while (steps_.size() <= k && !stable_) {
        if (steps_.size() > kMaxRepetitions) throw Unsupported{"too many repetitions"};
        Lengths next = sampler_.plus(steps_.back(), atom_);
        if (next == steps_.back()) {
          stable_ = true;
        } else {
          steps_.push_back(next);
        }
      }
      return steps_[std::min(k, steps_.size() - 1)];
    }
    bool stable_at(std::size_t k) {
      at(k + 1);
      return stable_ && k + 1 >= steps_.size();
    }

   private:
    Sampler& sampler_;
    Lengths atom_;
    std::vector<Lengths> steps_;
    bool stable_ = false;
  };

  // {x + y : x in a, y in b}: for each run [from, to] of b, a shifted by `from` and smeared
  // over the run's width in doubling steps.
  Lengths plus(const Lengths& a, const Lengths& b) {
    Lengths out;
    const Lengths gaps = ~b;
    for (std::size_t from = b._Find_first(); from <= kCap;) {
      const std::size_t end = std::min(gaps._Find_next(from), kCap + 1);  // one past the run
      if (++work_ > kWorkBudget) throw Unsupported{"the pattern is too complex to sample"};
      Lengths run = a << from;
      for (std::size_t covered = 1; covered < end - from;) {
        const std::size_t step = std::min(covered, end - from - covered);
        run |= run << step;
        covered += step;
      }
      out |= run;
      from = end > kCap ? kCap + 1 : b._Find_next(end - 1);
    }
    return out;
  }

  // Sums of exactly `count` lengths of `atom` (count-fold plus, by doubling).
  Lengths exactly(const Lengths& atom, std::size_t count) {
    Lengths out = only(0);
    Lengths base = atom;
    while (count > 0 && out.any()) {
      if ((count & 1U) != 0) out = plus(out, base);
      count >>= 1U;
      if (count > 0) base = plus(base, base);
    }
    return out;
  }

  // Sums of at most `count` lengths of `atom` (kUnbounded: any number).
  Lengths at_most(const Lengths& atom, std::size_t count) {
    Lengths out = only(0);
    Lengths base = atom | only(0);
    while (count > 0) {
      if ((count & 1U) != 0) out = plus(out, base);
      count >>= 1U;
      if (count == 0) break;
      const Lengths doubled = plus(base, base);
      if (doubled == base) {  // closed under addition: every further count adds nothing
        out = plus(out, base);
        break;
      }
      base = doubled;
    }
    return out;
  }

  // Candidate lengths of `node` up to `limit`: longest first (layout 0 and 2), or shortest
  // first (layout 1, and padding in every layout).
  std::vector<std::size_t> choices(const Node& node, std::size_t limit) const {
    std::vector<std::size_t> out;
    for (std::size_t l = node.lengths._Find_first(); l <= std::min(limit, kCap);
         l = node.lengths._Find_next(l)) {
      out.push_back(l);
    }
    if (!node.prefer_short && layout_ != 1) std::reverse(out.begin(), out.end());
    return out;
  }

  bool lay_out_sequence(const Node& node, std::size_t length) {
    const std::size_t n = node.children.size();
    std::vector<Lengths> rest(n + 1);  // rest[i]: lengths children i.. can produce together
    rest[n] = only(0);
    for (std::size_t i = n; i-- > 0;) rest[i] = plus(node.children[i].lengths, rest[i + 1]);
    std::size_t left = length;
    for (std::size_t i = 0; i < n; ++i) {
      const Node& child = node.children[i];
      bool placed = false;
      for (std::size_t l : choices(child, left)) {
        if (!rest[i + 1].test(left - l)) continue;
        if (!lay_out(child, l)) return false;
        left -= l;
        placed = true;
        break;
      }
      if (!placed) return false;
    }
    return left == 0;
  }

  bool lay_out_repeat(const Node& node, std::size_t length) {
    const Node& atom = node.children.front();
    if (atom.lengths.count() == 1) {  // a fixed-length atom: length / size copies
      const std::size_t size = atom.lengths._Find_first();
      const std::size_t count = size == 0 ? std::min<std::size_t>(node.min_count, 1) : length / size;
      for (std::size_t i = 0; i < count; ++i) {
        if (!lay_out(atom, size)) return false;
      }
      return true;
    }
    Repetitions steps(*this, atom.lengths);
    std::size_t count = node.min_count;
    while (!steps.at(count).test(length)) {
      if (count == node.max_count || steps.at(count).none() || steps.stable_at(count)) {
        return false;
      }
      ++count;
    }
    if (count > kMaxRepetitions) throw Unsupported{"too many repetitions"};
    std::vector<std::size_t> each(count);
    std::size_t left = length;
    if (layout_ == 2) {  // forward, each repetition as close to an even share as possible
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t share = (left + (count - i) - 1) / (count - i);
        std::optional<std::size_t> best;
        for (std::size_t l : choices(atom, left)) {
          if (!steps.at(count - i - 1).test(left - l)) continue;
          const auto distance = [&](std::size_t x) { return x > share ? x - share : share - x; };
          if (!best || distance(l) < distance(*best)) best = l;
        }
        if (!best) return false;
        each[i] = *best;
        left -= *best;
      }
    } else {  // backward, the last repetitions first
      for (std::size_t i = count; i-- > 0;) {
        bool chosen = false;
        for (std::size_t l : choices(atom, left)) {
          if (!steps.at(i).test(left - l)) continue;
          each[i] = l;
          left -= l;
          chosen = true;
          break;
        }
        if (!chosen) return false;
      }
    }
    for (std::size_t l : each) {
      if (!lay_out(atom, l)) return false;
    }
    return true;
  }

  std::vector<Slot> slots_;
  std::map<int, std::pair<std::size_t, std::size_t>> captured_;  // group -> slots [from, to)
  std::map<int, const Node*> groups_;
  std::uint64_t work_ = 0;
  int layout_ = 0;
};

bool anchored(const Node& node, char anchor) {
  switch (node.kind) {
    case Kind::assertion:
      return node.assertion == anchor;
    case Kind::group:
      return anchored(node.children.front(), anchor);
    case Kind::alternation:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](const Node& child) { return anchored(child, anchor); });
    case Kind::sequence: {
      if (node.children.empty()) return false;
      if (anchor == '^') {
        for (const Node& child : node.children) {
          if (child.kind != Kind::assertion || child.assertion == '^') return anchored(child, anchor);
        }
        return false;
      }
      for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) {
        if (it->kind != Kind::assertion || it->assertion == '$') return anchored(*it, anchor);
      }
      return false;
    }
    default:
      return false;
  }
}

// Any run of characters before or after an unanchored pattern (regex_search semantics).
Node padding() {
  Node any;
  any.kind = Kind::chars;
  any.set.set();
  any.set.reset('\n');
  any.set.reset('\r');
  Node node;
  node.kind = Kind::repeat;
  node.max_count = kUnbounded;
  node.prefer_short = true;
  node.children.push_back(std::move(any));
  return node;
}

// UTF-8 code points of `text`, or nullopt when it is not valid UTF-8.
std::optional<std::int64_t> utf8_code_points(const std::string& text) {
  std::int64_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t size = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3
                                             : (c >> 3) == 0x1E ? 4 : 0;
    if (size == 0 || i + size > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < size; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return std::nullopt;
    }
    i += size;
    ++count;
  }
  return count;
}

std::string describe(const Lengths& lengths) {
  std::size_t shortest = 0;
  while (!lengths.test(shortest)) ++shortest;
  std::size_t longest = kCap;
  while (!lengths.test(longest)) --longest;
  if (longest == kCap) return fmt::format("{} or more characters", shortest);
  if (shortest == longest) return fmt::format("exactly {} characters", shortest);
  return fmt::format("{} to {} characters", shortest, longest);
}

}  // namespace

PatternSample sample_pattern(const std::string& pattern, std::int64_t min_length,
                             std::int64_t max_length, std::uint64_t variant) {
  std::regex regex;
  try {
    regex.assign(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return {std::nullopt, fmt::format("the pattern is not a valid regular expression ({})",
                                      e.what())};
  }
  const std::int64_t low = std::max<std::int64_t>(min_length, 0);
  const std::int64_t high = std::min<std::int64_t>(max_length, static_cast<std::int64_t>(kCap));
  if (low > static_cast<std::int64_t>(kCap)) {
    return {std::nullopt, fmt::format("v5gen samples patterns up to {} characters, and "
                                      "min_length is {}; give the field an `example:`",
                                      kCap, min_length)};
  }
  try {
    Node top;
    top.kind = Kind::sequence;
    Node body = Parser(pattern).parse();
    const bool from_start = anchored(body, '^');
    const bool to_end = anchored(body, '$');
    if (!from_start) top.children.push_back(padding());
    top.children.push_back(std::move(body));
    if (!to_end) top.children.push_back(padding());
    Sampler sampler;
    sampler.measure(top);
    const Node& measured_body = top.children[from_start ? 0 : 1];
    if (measured_body.lengths.none()) {
      return {std::nullopt, fmt::format("the pattern matches no string of at most {} characters",
                                        kCap)};
    }
    std::vector<std::size_t> targets;
    for (auto l = low; l <= high && targets.size() < kMaxTargets; ++l) {
      if (top.lengths.test(static_cast<std::size_t>(l))) targets.push_back(static_cast<std::size_t>(l));
    }
    if (targets.empty()) {
      return {std::nullopt,
              fmt::format("the pattern matches strings of {}, none within the lengths {} to {}",
                          describe(top.lengths), low, max_length)};
    }
    std::uint64_t remaining = variant;
    for (std::size_t target : targets) {
      for (int layout = 0; layout < 3; ++layout) {
        sampler.clear_layout(layout);
        if (!sampler.lay_out(top, target)) continue;
        const std::uint64_t capacity = sampler.capacity();
        if (layout == 0 && remaining >= capacity) {  // distinct variants move to longer strings
          remaining -= capacity;
          break;
        }
        for (int strategy = 0; strategy < 2; ++strategy) {
          std::string text = sampler.pick(remaining % capacity, strategy);
          const auto length = utf8_code_points(text);
          if (length && *length >= min_length && *length <= max_length &&
              std::regex_search(text, regex)) {
            return {std::move(text), {}};
          }
        }
      }
    }
    if (variant != 0) return sample_pattern(pattern, min_length, max_length, 0);
    return {std::nullopt,
            "v5gen found no string of the allowed lengths that matches the pattern; give the "
            "field an `example:`"};
  } catch (const Unsupported& unsupported) {
    return {std::nullopt, fmt::format("v5gen cannot sample the pattern ({}); give the field an "
                                      "`example:`",
                                      unsupported.reason)};
  }
}

}  // namespace v5validate::detail
