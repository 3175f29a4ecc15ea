#include "yaml_tree.hpp"

#include <map>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace v5validate::detail {

namespace {

using MutableNode = std::shared_ptr<YamlNode>;

// Builds the tree from parser events with an explicit stack (no recursion on depth).
class TreeBuilder : public YAML::EventHandler {
 public:
  YamlNodePtr take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto node = make(YamlNode::Kind::null, mark);
    remember(anchor, node);
    attach(node);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      attach(make(YamlNode::Kind::null, mark));
      return;
    }
    auto alias = std::make_shared<YamlNode>(*it->second);
    alias->line = mark.line + 1;
    alias->column = mark.column + 1;
    alias->alias = true;
    attach(alias);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    auto node = make(YamlNode::Kind::scalar, mark);
    node->value = value;
    node->quoted = tag == "!";
    remember(anchor, node);
    attach(node);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(make(YamlNode::Kind::sequence, mark), anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(make(YamlNode::Kind::mapping, mark), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    MutableNode node;
    YAML::anchor_t anchor;
    MutableNode pending_key;  // mapping: the key waiting for its value
  };

  static MutableNode make(YamlNode::Kind kind, const YAML::Mark& mark) {
    auto node = std::make_shared<YamlNode>();
    node->kind = kind;
    node->line = mark.line + 1;
    node->column = mark.column + 1;
    return node;
  }

  void remember(YAML::anchor_t anchor, const MutableNode& node) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
  }

  void open(MutableNode node, YAML::anchor_t anchor) {
    stack_.push_back(Frame{std::move(node), anchor, nullptr});
  }

  void close() {
    if (stack_.empty()) return;
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.pending_key) {
      frame.node->entries.emplace_back(frame.pending_key, make_null_at(*frame.pending_key));
    }
    // Anchored collections are registered when complete, so an alias copies the whole node.
    remember(frame.anchor, frame.node);
    attach(frame.node);
  }

  static MutableNode make_null_at(const YamlNode& near) {
    auto node = std::make_shared<YamlNode>();
    node->line = near.line;
    node->column = near.column;
    return node;
  }

  void attach(MutableNode node) {
    if (stack_.empty()) {
      if (!root_) root_ = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (top.node->kind == YamlNode::Kind::sequence) {
      top.node->items.push_back(std::move(node));
    } else if (!top.pending_key) {
      top.pending_key = std::move(node);
    } else {
      top.node->entries.emplace_back(std::move(top.pending_key), std::move(node));
      top.pending_key = nullptr;
    }
  }

  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, MutableNode> anchors_;
  YamlNodePtr root_;
};

}  // namespace

const YamlNode* YamlNode::find(std::string_view key) const noexcept {
  for (const auto& [k, v] : entries) {
    if (k->is_scalar() && k->value == key) return v.get();
  }
  return nullptr;
}

std::string_view describe(YamlNode::Kind kind) noexcept {
  switch (kind) {
    case YamlNode::Kind::null:
      return "null";
    case YamlNode::Kind::scalar:
      return "a scalar";
    case YamlNode::Kind::sequence:
      return "a sequence";
    case YamlNode::Kind::mapping:
      return "a mapping";
  }
  return "a value";
}

YamlDocument read_yaml(std::string_view text) {
  YamlDocument doc;
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    TreeBuilder builder;
    // Every document after the first starts with a three-character marker; yaml-cpp 0.7 can
    // report empty documents without end on some malformed input (found by spec_fuzzer), so
    // the count is bounded by what the text can hold.
    const std::size_t max_documents = text.size() / 3 + 1;
    while (static_cast<std::size_t>(doc.documents) < max_documents &&
           parser.HandleNextDocument(builder)) {
      ++doc.documents;
      if (doc.documents == 1) doc.root = builder.take_root();
    }
  } catch (const YAML::Exception& e) {
    doc.root = nullptr;
    doc.error = e.msg;
    doc.error_line = e.mark.is_null() ? 0 : e.mark.line + 1;
    doc.error_column = e.mark.is_null() ? 0 : e.mark.column + 1;
  } catch (const std::exception& e) {
    doc.root = nullptr;
    doc.error = e.what();
  }
  return doc;
}

const YamlNode* locate(const YamlNode* root, std::string_view path) {
  const YamlNode* node = root;
  const YamlNode* mark = root;  // the key of the last mapping step, else the node itself
  std::size_t pos = 0;
  while (node != nullptr && pos < path.size()) {
    if (path[pos] == '.') {
      ++pos;
      continue;
    }
    if (path[pos] == '[') {
      std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos || !node->is_sequence()) return mark;
      std::size_t index = 0;
      for (std::size_t i = pos + 1; i < close && index < node->items.size(); ++i) {
        if (path[i] < '0' || path[i] > '9') return mark;
        index = index * 10 + static_cast<std::size_t>(path[i] - '0');
      }
      if (index >= node->items.size()) return mark;
      node = node->items[index].get();
      mark = node;
      pos = close + 1;
      continue;
    }
    std::size_t end = path.find_first_of(".[", pos);
    if (end == std::string_view::npos) end = path.size();
    if (!node->is_mapping()) return mark;
    const std::string_view key = path.substr(pos, end - pos);
    const YamlNode* next = nullptr;
    for (const auto& [k, v] : node->entries) {
      if (k->is_scalar() && k->value == key) {
        mark = k.get();
        next = v.get();
        break;
      }
    }
    if (next == nullptr) return mark;
    node = next;
    pos = end;
  }
  return mark;
}

}  // namespace v5validate::detail
