// libyaml's events into entitle::yaml::Node trees, declining whatever yaml-cpp might read
// differently (see yaml_fast_tree.hpp).
//
// Positions: libyaml's marks count characters from 0, ours count characters from 1, so a
// mark is a position as it is. yaml-cpp places every node where libyaml does (a block map at
// its first key, a block sequence at its first '-', a scalar or flow collection at its first
// character); the one exception, an empty map value, is handled in place_empty_value().
#include "load/yaml_fast_tree.hpp"

#include <yaml.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include "base/utf8.hpp"

namespace entitle::yaml {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Line breaks and marks libyaml and yaml-cpp count differently: a CR not followed by LF,
// NEL, LS and PS are line breaks to libyaml (YAML 1.1) but text to yaml-cpp, and a BOM past
// the start is a stream marker to one and text to the other.
bool has_contested_breaks(std::string_view s) {
  // Bytes that can start one: most text has none, so one table look-up a byte.
  static constexpr auto kMayStart = [] {
    std::array<bool, 256> t{};
    t['\r'] = t[0xC2] = t[0xE2] = t[0xEF] = true;
    return t;
  }();
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kMayStart[c]) continue;
    const auto rest = s.substr(i);
    if (c == '\r' ? !starts_with(rest, "\r\n")
                  : starts_with(rest, "\xC2\x85") || starts_with(rest, "\xE2\x80\xA8") ||
                        starts_with(rest, "\xE2\x80\xA9") || starts_with(rest, "\xEF\xBB\xBF"))
      return true;
  }
  return false;
}

// A last line of blanks without a line break: yaml-cpp keeps a space of it in a block scalar
// that ends there.
bool ends_in_blank_partial_line(std::string_view s) {
  const size_t last_break = s.find_last_of('\n');
  const auto last_line = last_break == std::string_view::npos ? s : s.substr(last_break + 1);
  return !last_line.empty() && last_line.find_first_not_of(" \t") == std::string_view::npos;
}

// yaml-cpp's IsNullString for plain scalars; the empty string is an empty node.
bool is_null_word(std::string_view v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

// Byte offsets of libyaml's (line, character column) marks; the line index is built on first
// use, as only empty map values need it.
class Offsets {
 public:
  explicit Offsets(std::string_view text) : text_(text) {}

  size_t of(const yaml_mark_t& mark) {
    if (line_starts_.empty()) {
      line_starts_.push_back(0);
      for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
    if (mark.line >= line_starts_.size()) return text_.size();
    size_t i = line_starts_[mark.line];
    for (size_t chars = 0; i < text_.size(); ++i) {
      if (is_utf8_continuation(static_cast<unsigned char>(text_[i]))) continue;
      if (chars++ == mark.column) break;
    }
    return i;
  }

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

// Declining: thrown to leave the event loop; parse_fast() turns it into nullopt.
struct Decline {};

class FastTreeBuilder {
 public:
  FastTreeBuilder(std::string_view text, const Limits& limits)
      : text_(text), limits_(limits), offsets_(text) {}

  void on_event(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        if (documents_++ > 0) throw Decline{};
        if (e.data.document_start.version_directive ||
            e.data.document_start.tag_directives.start != e.data.document_start.tag_directives.end)
          throw Decline{};
        break;
      case YAML_ALIAS_EVENT: throw Decline{};
      case YAML_SCALAR_EVENT: on_scalar(e); break;
      case YAML_SEQUENCE_START_EVENT:
        open(e, e.data.sequence_start.anchor, e.data.sequence_start.tag, Node::Kind::sequence,
             e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
        break;
      case YAML_MAPPING_START_EVENT:
        open(e, e.data.mapping_start.anchor, e.data.mapping_start.tag, Node::Kind::map,
             e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: close(e); break;
      default: break;
    }
  }

  Node take_root() {
    if (documents_ == 0) root_.line = root_.column = 1;  // empty file, as yaml-cpp's
    return std::move(root_);
  }

 private:
  // Nodes are built where they end up: a child is always the last element of its parent,
  // and the parent gets no other element while the child is open, so these pointers stay
  // valid (and no tree is moved level by level as it closes).
  struct Frame {
    Node* node;
    yaml_mark_t start;            // where the collection starts
    bool awaiting_value = false;  // maps: the last entry has its key and waits for its value
  };

  // The node the next event fills: the root, a new sequence item, a new map key or the
  // value of the map's last key.
  Node& next_slot() {
    if (stack_.empty()) return root_;
    Frame& f = stack_.back();
    if (f.node->is_sequence()) return f.node->items.emplace_back();
    if (f.awaiting_value) {
      f.awaiting_value = false;
      return f.node->entries.back().value;
    }
    f.awaiting_value = true;
    return f.node->entries.emplace_back().key;
  }

  Node& leaf(const yaml_event_t& e, const yaml_char_t* anchor, const yaml_char_t* tag,
             Node::Kind kind) {
    if (anchor || tag) throw Decline{};
    if (++nodes_ > limits_.max_nodes) throw Decline{};
    Node& n = next_slot();
    n.kind = kind;
    n.line = static_cast<uint32_t>(e.start_mark.line) + 1;
    n.column = static_cast<uint32_t>(e.start_mark.column) + 1;
    return n;
  }

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().node->is_map() && !stack_.back().awaiting_value;
  }

  void on_scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
    const bool null = plain && is_null_word(value);
    if (value.size() > limits_.max_scalar_bytes) throw Decline{};
    const bool key = expecting_key();
    // yaml-cpp rejects null keys, and implicit keys past 1,024 characters.
    if (key && (null || value.size() > 512)) throw Decline{};
    if (!null && yaml_cpp_reads_otherwise(e)) throw Decline{};
    Node& n = leaf(e, s.anchor, s.tag, null ? Node::Kind::null : Node::Kind::scalar);
    if (!key && null && value.empty()) place_empty_value(e, n);
    if (!null) {
      n.text = value;
      n.quoted = !plain;
    }
  }

  // Scalars yaml-cpp 0.7 reads otherwise, or might: "\N" and "\_" in double quotes give
  // it the bytes 0x85 and 0xA0 (not UTF-8); a block scalar kept whole (|+, >+) loses a
  // trailing line break, or ends the document at a header first on its line; and a plain or
  // quoted scalar over several lines is folded by rules
  // where the fuzzer found the two libraries apart (a quoted one closing after blank lines
  // loses a line break). Rule files write long text as block scalars (rules/ has no such
  // scalar), so all of these go to yaml-cpp.
  bool yaml_cpp_reads_otherwise(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    const bool block = s.style == YAML_LITERAL_SCALAR_STYLE || s.style == YAML_FOLDED_SCALAR_STYLE;
    if (!block && e.end_mark.line > e.start_mark.line) return true;
    if (s.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
      return value.find("\xC2\x85") != std::string_view::npos ||
             value.find("\xC2\xA0") != std::string_view::npos;
    if (block) {
      const size_t header = offsets_.of(e.start_mark);  // at the '|' or '>'
      // A header first on its line ("- \n>") can end yaml-cpp's document instead.
      const size_t line_start = text_.find_last_of('\n', header == 0 ? 0 : header - 1);
      const size_t from = header == 0 || line_start == std::string_view::npos ? 0 : line_start + 1;
      if (text_.substr(from, header - from).find_first_not_of(" \t") == std::string_view::npos)
        return true;
      for (size_t i = header + 1; i < text_.size() && i <= header + 2; ++i)
        if (text_[i] == '+') return true;
    }
    return false;
  }

  // An empty node (`n`, already in place). yaml-cpp marks it at the token after it; its
  // reader then places an empty block-map value at its key, unless that token looks like a
  // written null ("~", "null", a tag or an anchor: then it keeps the mark, which libyaml has
  // no equivalent of). Empty sequence items, empty flow values and an empty document keep
  // yaml-cpp's mark: declined.
  void place_empty_value(const yaml_event_t& e, Node& n) {
    if (stack_.empty() || !stack_.back().node->is_map() || stack_.back().node->flow)
      throw Decline{};
    size_t i = offsets_.of(e.start_mark);  // just past the ':'
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == '#') {
        while (i < text_.size() && text_[i] != '\n') ++i;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++i;
      } else {
        break;
      }
    }
    const auto next = text_.substr(i);
    for (std::string_view word : {"~", "null", "Null", "NULL", "!", "&"})
      if (starts_with(next, word)) throw Decline{};
    const Node& key = stack_.back().node->entries.back().key;
    n.line = key.line;
    n.column = key.column;
  }

  void open(const yaml_event_t& e, const yaml_char_t* anchor, const yaml_char_t* tag,
            Node::Kind kind, bool flow) {
    if (expecting_key()) throw Decline{};  // yaml-cpp: "map keys must be scalars"
    if (stack_.size() >= limits_.max_depth) throw Decline{};
    Node& n = leaf(e, anchor, tag, kind);
    n.flow = flow;
    stack_.push_back(Frame{&n, e.start_mark});
  }

  void close(const yaml_event_t& end) {
    const Node& n = *stack_.back().node;
    const yaml_mark_t start = stack_.back().start;
    stack_.pop_back();
    if (n.is_map() && has_duplicate_key(n)) throw Decline{};
    const bool outermost_flow = n.flow && (stack_.empty() || !stack_.back().node->flow);
    if (outermost_flow && has_question_mark(start, end.start_mark)) throw Decline{};
  }

  // A '?' anywhere in a flow: libyaml takes it for a key indicator wherever a token starts
  // ({?a: 1}), yaml-cpp only before a blank, and yaml-cpp ends a plain scalar at it ([5? 7]).
  bool has_question_mark(const yaml_mark_t& from, const yaml_mark_t& to) {
    const size_t begin = offsets_.of(from), end = offsets_.of(to);
    return text_.substr(begin, end - std::min(begin, end)).find('?') != std::string_view::npos;
  }

  static bool has_duplicate_key(const Node& map) {
    const auto& entries = map.entries;
    if (entries.size() <= 8) {
      for (size_t i = 0; i < entries.size(); ++i)
        for (size_t j = i + 1; j < entries.size(); ++j)
          if (entries[i].key.text == entries[j].key.text) return true;
      return false;
    }
    std::vector<std::string_view> keys;
    keys.reserve(entries.size());
    for (const auto& entry : entries) keys.push_back(entry.key.text);
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
  }

  std::string_view text_;
  const Limits& limits_;
  Offsets offsets_;
  std::vector<Frame> stack_;
  Node root_;
  size_t nodes_ = 0;
  int documents_ = 0;
};

struct ParserDeleter {
  void operator()(yaml_parser_t* p) const {
    yaml_parser_delete(p);
    delete p;
  }
};

struct EventGuard {
  yaml_event_t event{};
  ~EventGuard() { yaml_event_delete(&event); }
};

}  // namespace

std::optional<Node> parse_fast(std::string_view body, const Limits& limits) {
  if (has_contested_breaks(body) || ends_in_blank_partial_line(body)) return std::nullopt;
  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
  if (!yaml_parser_initialize(parser.get())) {
    delete parser.release();
    return std::nullopt;
  }
  // libyaml asserts a non-null input even when it is empty.
  static constexpr char kEmpty[] = "";
  const char* input = body.empty() ? kEmpty : body.data();
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(input),
                               body.size());
  yaml_parser_set_encoding(parser.get(), YAML_UTF8_ENCODING);
  FastTreeBuilder builder(body, limits);
  try {
    while (true) {
      EventGuard guard;
      if (!yaml_parser_parse(parser.get(), &guard.event)) return std::nullopt;
      builder.on_event(guard.event);
      if (guard.event.type == YAML_STREAM_END_EVENT) break;
    }
  } catch (const Decline&) {
    return std::nullopt;
  }
  return builder.take_root();
}

}  // namespace entitle::yaml
