// Reads rule files through yaml-cpp's event parser into entitle::yaml::Node trees.
//
// Order of checks: size cap, encoding (BOMs, NUL, UTF-8), a lexical pre-scan (deep flow
// nesting, unclosed quotes and flows, which yaml-cpp handles badly), then yaml-cpp with our
// handler, which applies every structural rule exactly and throws Stop to abandon yaml-cpp as
// soon as one is broken.
#include "base/echo.hpp"
#include "load/yaml_tree.hpp"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <istream>
#include <new>
#include <streambuf>
#include <unordered_map>

#include "base/text_position.hpp"
#include "base/utf8.hpp"
#include "load/yaml_fast_tree.hpp"

namespace entitle::yaml {

const Node* Node::find(std::string_view key) const {
  if (kind != Kind::map) return nullptr;
  for (const auto& [k, v] : entries) {
    if (k.text == key) return &v;
  }
  return nullptr;
}

namespace {

constexpr std::string_view kAnchorsMessage = "anchors and aliases are not allowed in rule files";

// 1-based position in the text yaml-cpp sees (after any UTF-8 BOM); 0 means unknown.
struct Pos {
  uint32_t line = 0;
  uint32_t column = 0;
};

// Where the last column count stopped, so that many nodes on one long line (a flow list of
// a million items) are counted in linear rather than quadratic time.
struct LineCursor {
  size_t line_start = std::string_view::npos;
  size_t offset = 0;
  uint32_t chars = 1;
};

// yaml-cpp's columns count bytes; ours count characters, so a caret lines up under the
// source in an editor even after Chinese text on the same line.
Pos to_pos(const YAML::Mark& m, std::string_view text, LineCursor* cursor = nullptr) {
  if (m.is_null() || m.line < 0 || m.column < 0) return {};
  Pos p{static_cast<uint32_t>(m.line) + 1, static_cast<uint32_t>(m.column) + 1};
  if (m.pos < 0 || static_cast<size_t>(m.pos) > text.size()) return p;
  const size_t end = static_cast<size_t>(m.pos);
  const auto byte_column = static_cast<size_t>(m.column);
  // The line starts byte_column bytes back (no backward search: that was quadratic).
  if (byte_column > end) return p;
  const size_t line_start = end - byte_column;
  if (line_start > 0 && text[line_start - 1] != '\n') return p;  // not the line yaml-cpp means
  size_t i = line_start;
  uint32_t chars = 1;
  if (cursor && cursor->line_start == line_start && cursor->offset <= end) {
    i = cursor->offset;
    chars = cursor->chars;
  }
  for (; i < end; ++i) {
    if (text[i] == '\n') return p;  // not the line yaml-cpp means
    chars += !is_utf8_continuation(static_cast<unsigned char>(text[i]));
  }
  if (cursor) *cursor = {line_start, end, chars};
  p.column = chars;
  return p;
}

// Line and column of byte `offset`; columns count characters (UTF-8 lead bytes).
Pos pos_of_offset(std::string_view text, size_t offset) {
  const TextPosition p = position_in_text(text, offset);
  return {p.line, p.column};
}

class Reporter {
 public:
  Reporter(const std::string& path, Diagnostics& diagnostics)
      : path_(path), diagnostics_(diagnostics) {}

  void error(Pos at, std::string message) {
    diagnostics_.error({path_, at.line, at.column}, std::move(message));
  }
  void append(const Diagnostics& more) { diagnostics_.append(more); }
  const std::string& path() const { return path_; }

 private:
  const std::string& path_;
  Diagnostics& diagnostics_;
};

std::string over_limit(std::string_view what, size_t size, size_t limit) {
  return std::string(what) + " is " + std::to_string(size) + " bytes, over the " +
         std::to_string(limit) + "-byte limit";
}

std::string depth_message(const Limits& limits) {
  return "nesting deeper than " + std::to_string(limits.max_depth) + " levels";
}

constexpr std::string_view kUnterminatedMessage = "quoted string is never closed";

// ---- Encoding ---------------------------------------------------------------------------

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Name of a UTF-16/32 encoding announced by a byte-order mark, or empty.
std::string_view foreign_bom(std::string_view text) {
  using namespace std::string_view_literals;
  // UTF-32LE's mark begins with UTF-16LE's, so test it first.
  if (starts_with(text, "\xFF\xFE\0\0"sv) || starts_with(text, "\0\0\xFE\xFF"sv)) return "UTF-32";
  if (starts_with(text, "\xFF\xFE"sv) || starts_with(text, "\xFE\xFF"sv)) return "UTF-16";
  return {};
}

std::string hex_byte(unsigned char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[c >> 4] + kDigits[c & 0xF];
}

// Returns the text yaml-cpp should read (without a UTF-8 BOM), or nullopt after reporting.
// yaml-cpp would guess an encoding from NULs and BOMs itself; we want UTF-8 or nothing.
std::optional<std::string_view> checked_utf8(std::string_view text, Reporter& report) {
  if (auto name = foreign_bom(text); !name.empty()) {
    report.error({}, "file is " + std::string(name) + "; rule files must be UTF-8");
    return std::nullopt;
  }
  if (starts_with(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      report.error(pos_of_offset(text, i), "NUL byte; rule files must be UTF-8 text");
      return std::nullopt;
    }
    // Other control characters (YAML allows only tab, LF and CR) would reach names and
    // titles, and from there a terminal: ESC sequences in a rule id, for one.
    if (const auto c = static_cast<unsigned char>(text[i]);
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      report.error(pos_of_offset(text, i),
                   "control character " + hex_byte(c) + "; rule files must be UTF-8 text");
      return std::nullopt;
    }
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      report.error(pos_of_offset(text, i), "invalid UTF-8 byte " +
                                               hex_byte(static_cast<unsigned char>(text[i])) +
                                               "; rule files must be UTF-8");
      return std::nullopt;
    }
    i += n;
  }
  return text;
}

// ---- Flow-nesting pre-scan --------------------------------------------------------------
//
// When a line opens nested flow collections, every '[' is a pending simple key, so yaml-cpp
// tokenizes the whole line before its parser (and our handler) sees the first token: 4 MiB
// of '[' costs it about 1 GB. This scan follows yaml-cpp's lexical rules closely enough to
// find the flow brackets outside scalars and comments, and refuses flow nesting past the cap
// before yaml-cpp runs. It is a lower bound on real nesting (block levels and compact maps
// are not counted), so it never rejects what the handler would accept. Block nesting needs
// no pre-scan: yaml-cpp scans it lazily and its recursive descent emits a start event before
// every level, where the handler stops it. The scan also notes a quote or flow still open at
// the end of the text; those are only acted on once yaml-cpp agrees something is wrong.
struct TooDeep {
  Pos pos;              // the first bracket past the cap
  size_t offset = 0;    // ... as a byte offset
  std::string closers;  // closes the flows open before it, innermost first
};

// Where a quoted scalar starts that runs to the end of the text, if one does.
struct OpenQuote {
  size_t offset = std::string_view::npos;
  Pos pos;
};

// The outermost flow collection still open at the end of the text.
struct OpenFlow {
  char bracket = 0;
  Pos pos;
  std::string closers;  // closes every open flow, innermost first
};

std::string closers_for(std::string_view opens) {
  std::string closers;
  for (auto it = opens.rbegin(); it != opens.rend(); ++it) closers += *it == '[' ? ']' : '}';
  return closers;
}

class FlowScan {
 public:
  FlowScan(std::string_view text, uint32_t max_depth) : s_(text), max_depth_(max_depth) {}

  // The first bracket nested deeper than the cap, if any.
  std::optional<TooDeep> run() {
    while (i_ < s_.size()) {
      if (token()) return too_deep();
    }
    return std::nullopt;
  }

  // yaml-cpp accepts a quoted scalar cut off by the end of the file when a line break
  // precedes it, so the scan reports the one it saw.
  const OpenQuote& open_quote() const { return open_quote_; }

  // At the end of the file yaml-cpp turns open flows into odd maps before it complains, so
  // the scan reports them itself. Valid after run() finds nothing too deep.
  std::optional<OpenFlow> open_flow_at_end() const {
    if (opens_.empty()) return std::nullopt;
    return OpenFlow{opens_.front(), outermost_, closers_for(opens_)};
  }

 private:
  char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }
  char cur() const { return at(i_); }
  char next() const { return at(i_ + 1); }
  bool in_flow() const { return !opens_.empty(); }
  static bool blank(char c) { return c == ' ' || c == '\t'; }
  static bool blank_or_break(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  bool blank_or_break_or_end(size_t k) const { return k >= s_.size() || blank_or_break(s_[k]); }
  static bool flow_indicator(char c) { return std::strchr(",[]{}", c) != nullptr && c != '\0'; }

  void advance() {
    if (s_[i_] == '\n') {
      ++line_;
      col_ = 0;
      fresh_line_ = true;
    } else {
      ++col_;
    }
    ++i_;
  }
  void skip_to_break() {
    while (i_ < s_.size() && s_[i_] != '\n') advance();
  }
  void skip_spaces() {
    while (cur() == ' ') advance();
  }
  bool doc_marker() const {
    const auto rest = s_.substr(i_);
    return col_ == 0 && (starts_with(rest, "---") || starts_with(rest, "...")) &&
           blank_or_break_or_end(i_ + 3);
  }
  Pos here() const { return {line_, col_ + 1}; }

  TooDeep too_deep() const {
    // Leaves out the innermost bracket: it is the one at i_, not in the text before it.
    return TooDeep{here(), i_, closers_for(std::string_view(opens_).substr(0, opens_.size() - 1))};
  }

  // Scans one token (or whitespace) in yaml-cpp's "between tokens" state; true when it is a
  // bracket nested too deep.
  bool token() {
    const char c = cur();
    if (blank_or_break(c)) {
      advance();
      return false;
    }
    if (fresh_line_) {  // first token on a line: guess the enclosing block column
      fresh_line_ = false;
      line_top_ = static_cast<int>(col_) - 1;
      key_start_ = -1;
      key_allowed_ = true;
    }
    const bool key_allowed = key_allowed_;
    key_allowed_ = false;
    const bool json_like = json_like_;
    json_like_ = false;
    if (col_ == 0 && (c == '%' || doc_marker())) {  // directive or document marker
      line_top_ = key_start_ = -1;
      if (c == '%') {
        skip_to_break();
      } else {
        for (int k = 0; k < 3; ++k) advance();
      }
      return false;
    }
    switch (c) {
      case '#': skip_to_break(); return false;
      case '[':
      case '{': return open_flow();
      case ']':
      case '}': close_flow(); return false;
      case ',': advance(); return false;
      case '\'':
      case '"': quoted(c); return false;
      case '&':
      case '*':
      case '!': property(key_allowed); return false;
      default: break;
    }
    if ((c == '-' || c == '?') && blank_or_break_or_end(i_ + 1)) {
      indicator(static_cast<int>(col_), true);
    } else if (c == ':' && (blank_or_break_or_end(i_ + 1) ||
                            (in_flow() && (json_like || flow_indicator(next()))))) {
      // A ':' that ends a key allows no new key after it; a bare ':' opens a map itself.
      const bool has_key = key_start_ >= 0;
      indicator(has_key ? key_start_ : static_cast<int>(col_), !has_key);
    } else if ((c == '|' || c == '>') && !in_flow()) {
      block_scalar();
    } else {
      plain();
    }
    return false;
  }

  void note_token() {
    if (key_start_ < 0) key_start_ = static_cast<int>(col_);
  }

  // '-', '?' or ':': the next block node nests under the collection at `top`.
  void indicator(int top, bool key_allowed_after) {
    if (!in_flow()) {
      line_top_ = top;
      key_start_ = -1;
      key_allowed_ = key_allowed_after;
    }
    advance();
  }

  bool open_flow() {
    note_token();
    if (opens_.empty()) outermost_ = here();
    opens_ += cur();
    if (opens_.size() > max_depth_) return true;
    advance();
    return false;
  }

  void close_flow() {
    if (!opens_.empty()) opens_.pop_back();
    json_like_ = true;
    advance();
  }

  // Anchors, aliases and tags run to a blank or a flow indicator; verbatim tags to '>'.
  // Where a simple key may start, yaml-cpp pushes a provisional block indent at the first
  // property, and the scalar after it must indent past that.
  void property(bool key_allowed) {
    if (key_allowed && !in_flow()) line_top_ = std::max(line_top_, static_cast<int>(col_));
    note_token();
    if (cur() == '!' && next() == '<') {
      while (i_ < s_.size() && cur() != '>' && cur() != '\n') advance();
    }
    while (i_ < s_.size() && !blank_or_break(cur()) && !flow_indicator(cur())) advance();
  }

  void quoted(char quote) {
    note_token();
    const OpenQuote start{i_, here()};
    advance();
    bool closed = false;
    while (i_ < s_.size() && !closed) {
      const char c = cur();
      if (quote == '"' && c == '\\' && i_ + 1 < s_.size()) {
        advance();
      } else if (c == quote) {
        if (quote == '\'' && next() == '\'') {
          advance();
        } else {
          closed = true;
        }
      }
      advance();
    }
    if (!closed && open_quote_.offset == std::string_view::npos) open_quote_ = start;
    json_like_ = true;
    fresh_line_ = false;  // a quoted scalar ending on a later line continues that line
  }

  // True when the plain scalar at i_ (not yet consumed) ends here.
  bool plain_ends() const {
    const char c = cur();
    if (c == ':') {
      return blank_or_break_or_end(i_ + 1) || (in_flow() && flow_indicator(next()));
    }
    if (in_flow() && flow_indicator(c)) return true;
    return blank(c) && next() == '#';
  }

  void plain() {
    note_token();
    // Continuation lines must be indented past the enclosing block collection.
    const int threshold = line_top_ + 1;
    while (i_ < s_.size() && !plain_ends()) {
      if (cur() != '\n') {
        advance();
        continue;
      }
      advance();
      if (!plain_continues(threshold)) return;
    }
  }

  // After a line break inside a plain scalar: skips blank lines and indentation and says
  // whether the scalar goes on (leaving i_ on its next character).
  bool plain_continues(int threshold) {
    while (true) {
      skip_spaces();
      if (cur() == '\n' || cur() == '\r') {
        while (cur() != '\n' && i_ < s_.size()) advance();
        if (i_ < s_.size()) advance();
        continue;
      }
      if (i_ >= s_.size() || cur() == '#' || doc_marker()) return false;
      if (!in_flow() && static_cast<int>(col_) < threshold) return false;
      fresh_line_ = false;
      return true;
    }
  }

  // '|' or '>' in block context: skips the header line and every content line, which is
  // blank or indented at least as far as the first content line (and past the parent).
  void block_scalar() {
    advance();
    int indent = 1;
    bool detect = true;
    for (int k = 0; k < 2 && (cur() == '+' || cur() == '-' || (cur() >= '1' && cur() <= '9'));
         ++k) {
      if (cur() >= '1' && cur() <= '9') {
        indent = cur() - '0';
        detect = false;
      }
      advance();
    }
    if (line_top_ >= 0) indent += line_top_;
    skip_to_break();
    bool found_content = false;
    while (i_ < s_.size()) {
      advance();  // the line break
      const size_t line_start = i_;
      skip_spaces();
      const bool empty = i_ >= s_.size() || cur() == '\n' || cur() == '\r';
      if (detect && !found_content) indent = std::max(indent, static_cast<int>(col_));
      if (empty) continue;
      if (static_cast<int>(col_) < indent) {
        i_ = line_start;  // structure again: rescan this line from its start
        col_ = 0;
        fresh_line_ = true;
        return;
      }
      found_content = true;
      skip_to_break();
    }
  }

  std::string_view s_;
  uint32_t max_depth_;
  size_t i_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 0;   // 0-based while scanning
  std::string opens_;  // open flow brackets, outermost first
  Pos outermost_;      // where opens_[0] is
  OpenQuote open_quote_;
  bool fresh_line_ = true;
  bool json_like_ = false;   // after a quoted scalar or flow end, ':' is always a value
  int line_top_ = -1;        // column of the block collection the current line nests in
  int key_start_ = -1;       // column of the first token since the last indicator
  bool key_allowed_ = true;  // yaml-cpp's m_simpleKeyAllowed, in block context
};

// ---- Event handler ----------------------------------------------------------------------

// Thrown by the handler after it has reported an error, to abandon yaml-cpp mid-parse.
struct Stop {};

// Offset of a node's first character past the properties (tag, anchor) its mark points at.
size_t skip_properties(std::string_view text, size_t offset) {
  size_t i = offset;
  const auto skip_blanks = [&] {
    while (i < text.size()) {
      const char c = text[i];
      if (c == '#') {
        while (i < text.size() && text[i] != '\n') ++i;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++i;
      } else {
        break;
      }
    }
  };
  skip_blanks();
  while (i < text.size() && (text[i] == '!' || text[i] == '&')) {
    while (i < text.size() && !std::strchr(" \t\r\n", text[i])) ++i;
    skip_blanks();
  }
  return i;
}

// Whether the scalar starting at `offset` is quoted or a block scalar; needed when an
// explicit tag hides yaml-cpp's "!" marker for non-plain scalars.
bool non_plain_at(std::string_view text, size_t offset) {
  return offset < text.size() && std::strchr("'\"|>", text[offset]) != nullptr;
}

// True when a null node's mark points at a written null ("~", "null", ...) rather than at
// whatever token followed an empty value.
bool written_null_at(std::string_view text, size_t offset) {
  const auto rest = text.substr(std::min(offset, text.size()));
  return starts_with(rest, "~") || starts_with(rest, "null") || starts_with(rest, "Null") ||
         starts_with(rest, "NULL") || starts_with(rest, "!") || starts_with(rest, "&");
}

std::string quote_key(std::string_view key) { return "'" + echo(key) + "'"; }

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, const Limits& limits, const OpenQuote& open_quote,
              Reporter& report)
      : text_(text), limits_(limits), open_quote_(open_quote), report_(report) {}

  Node take_root() {
    if (!have_root_) root_.line = root_.column = 1;  // empty file
    return std::move(root_);
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ == 0) return;
    const auto rest = text_.substr(std::min(offset(mark), text_.size()));
    const bool marked = starts_with(rest, "---") || starts_with(rest, "%");
    fail(to_pos(mark, text_), marked ? "a rule file holds one YAML document"
                                     : "unexpected content after the end of the document");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n = leaf(mark, anchor, Node::Kind::null);
    if (expecting_key()) fail(n, "map key is null or empty");
    // An empty value gets the mark of the next token; place it at its key instead.
    if (!stack_.empty() && stack_.back().key && !written_null_at(text_, offset(mark))) {
      n.line = stack_.back().key->line;
      n.column = stack_.back().key->column;
    }
    add(std::move(n));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(to_pos(mark, text_), std::string(kAnchorsMessage));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n = leaf(mark, anchor, Node::Kind::scalar);
    if (value.size() > limits_.max_scalar_bytes) {
      fail(n, over_limit("scalar", value.size(), limits_.max_scalar_bytes));
    }
    const size_t start = tag == "?" ? offset(mark) : skip_properties(text_, offset(mark));
    if (tag != "?" && open_quote_.offset != std::string_view::npos && start == open_quote_.offset) {
      fail(open_quote_.pos, std::string(kUnterminatedMessage));
    }
    n.text = value;
    n.quoted = tag == "!" || (tag != "?" && non_plain_at(text_, start));
    n.tag = explicit_tag(tag);
    add(std::move(n));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(mark, tag, anchor, style, Node::Kind::sequence);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(mark, tag, anchor, style, Node::Kind::map);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    std::optional<Node> key;                              // maps: key awaiting its value
    std::unordered_map<std::string, uint32_t> key_lines;  // maps: key text -> line
  };

  static size_t offset(const YAML::Mark& mark) {
    return mark.pos < 0 ? std::string_view::npos : static_cast<size_t>(mark.pos);
  }
  static std::string explicit_tag(const std::string& tag) {
    return tag == "?" || tag == "!" ? std::string() : tag;
  }

  [[noreturn]] void fail(Pos at, std::string message) {
    report_.error(at, std::move(message));
    throw Stop{};
  }
  [[noreturn]] void fail(const Node& at, std::string message) {
    fail(Pos{at.line, at.column}, std::move(message));
  }

  // Checks common to every node and returns it positioned.
  Node leaf(const YAML::Mark& mark, YAML::anchor_t anchor, Node::Kind kind) {
    const Pos at = to_pos(mark, text_, &cursor_);
    if (anchor != YAML::NullAnchor) fail(at, std::string(kAnchorsMessage));
    if (++nodes_ > limits_.max_nodes) {
      fail(at, "document has more than " + std::to_string(limits_.max_nodes) + " nodes");
    }
    Node n;
    n.kind = kind;
    n.line = at.line;
    n.column = at.column;
    return n;
  }

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().node.is_map() && !stack_.back().key;
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style, Node::Kind kind) {
    Node n = leaf(mark, anchor, kind);
    if (expecting_key()) fail(n, "map keys must be scalars");
    if (stack_.size() >= limits_.max_depth) fail(n, depth_message(limits_));
    n.flow = style == YAML::EmitterStyle::Flow;
    n.tag = explicit_tag(tag);
    stack_.push_back(Frame{std::move(n), std::nullopt, {}});
  }

  void close() {
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(n));
  }

  void add(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      have_root_ = true;
      return;
    }
    Frame& f = stack_.back();
    if (f.node.is_sequence()) {
      f.node.items.push_back(std::move(n));
    } else if (!f.key) {
      add_key(f, std::move(n));
    } else {
      f.node.entries.push_back(Entry{std::move(*f.key), std::move(n)});  // clang 14: no paren-init
      f.key.reset();
    }
  }

  void add_key(Frame& f, Node key) {
    const auto [it, inserted] = f.key_lines.try_emplace(key.text, key.line);
    if (!inserted) {
      fail(key, "duplicate key " + quote_key(key.text) + " (first defined at line " +
                    std::to_string(it->second) + ")");
    }
    f.key = std::move(key);
  }

  std::string_view text_;
  LineCursor cursor_;
  const Limits& limits_;
  const OpenQuote& open_quote_;
  Reporter& report_;
  std::vector<Frame> stack_;
  Node root_;
  bool have_root_ = false;
  size_t nodes_ = 0;
  int documents_ = 0;
};

// ---- Driving yaml-cpp -------------------------------------------------------------------

// Lets yaml-cpp read the caller's text without copying it.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view text) {
    char* p = const_cast<char*>(text.data());  // read-only use: only the get area is set
    setg(p, p, p + text.size());
  }
};

// yaml-cpp's message without its own "yaml-cpp: error at line L, column C: " prefix.
std::string yaml_cpp_message(const YAML::Exception& e) {
  std::string msg = e.msg.empty() ? e.what() : e.msg;
  constexpr std::string_view kPrefix = "yaml-cpp: error at line ";
  if (starts_with(msg, kPrefix)) {
    if (auto colon = msg.find(": ", kPrefix.size()); colon != std::string::npos) {
      msg.erase(0, colon + 2);
    }
  }
  // yaml-cpp resolves aliases before reporting them; an unknown one is still an alias.
  if (starts_with(msg, YAML::ErrorMsg::UNKNOWN_ANCHOR)) return std::string(kAnchorsMessage);
  return msg;
}

enum class Outcome { ok, rejected_by_handler, yaml_cpp_error };

// Runs yaml-cpp over `text`, building `root`; every failure is reported.
Outcome run_yaml_cpp(std::string_view text, const Limits& limits, const OpenQuote& open_quote,
                     Reporter& report, Node& root) {
  ViewBuf buf(text);
  std::istream in(&buf);
  TreeBuilder builder(text, limits, open_quote, report);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {}
  } catch (const Stop&) {
    return Outcome::rejected_by_handler;
  } catch (const YAML::Exception& e) {
    if (e.msg == YAML::ErrorMsg::EOF_IN_SCALAR && open_quote.offset != std::string_view::npos) {
      report.error(open_quote.pos, std::string(kUnterminatedMessage));
    } else {
      report.error(to_pos(e.mark, text), yaml_cpp_message(e));
    }
    return Outcome::yaml_cpp_error;
  }
  root = builder.take_root();
  return Outcome::ok;
}

// The pre-scan counts flow levels only, so under block levels it stops a level or more past
// the node that goes too deep. Re-running the text before the bracket, with its flows closed,
// lets the handler name that node. Anything else yaml-cpp says about the cut text is noise.
void report_too_deep(std::string_view body, const TooDeep& deep, const Limits& limits,
                     Reporter& report) {
  std::string probe(body.substr(0, deep.offset));
  probe += deep.closers;
  Diagnostics probe_diagnostics;
  Reporter probe_report(report.path(), probe_diagnostics);
  Node ignored;
  if (run_yaml_cpp(probe, limits, OpenQuote{}, probe_report, ignored) ==
      Outcome::rejected_by_handler) {
    report.append(probe_diagnostics);
  } else {
    report.error(deep.pos, depth_message(limits));
  }
}

// The scan saw flows still open at the end, and yaml-cpp failed (probably on its own odd
// reading of them). A re-run with the flows closed finds any real error; else the open
// bracket is the error.
void report_open_flow(std::string_view body, const FlowScan& scan, const Limits& limits,
                      Reporter& report) {
  if (scan.open_quote().offset != std::string_view::npos) {  // it swallowed the closers
    report.error(scan.open_quote().pos, std::string(kUnterminatedMessage));
    return;
  }
  const OpenFlow open = *scan.open_flow_at_end();
  std::string probe(body);
  probe += '\n' + open.closers;  // on its own line, in case the text ends in a comment
  Diagnostics probe_diagnostics;
  Reporter probe_report(report.path(), probe_diagnostics);
  Node ignored;
  if (run_yaml_cpp(probe, limits, OpenQuote{}, probe_report, ignored) != Outcome::ok) {
    report.append(probe_diagnostics);
  } else {
    report.error(open.pos, open.bracket == '[' ? "flow sequence '[' is never closed"
                                               : "flow map '{' is never closed");
  }
}

std::optional<Document> parse_checked(std::string_view text, Reporter& report, const Limits& limits,
                                      Reader reader) {
  if (text.size() > limits.max_file_bytes) {
    report.error({}, over_limit("file", text.size(), limits.max_file_bytes));
    return std::nullopt;
  }
  const auto body = checked_utf8(text, report);
  if (!body) return std::nullopt;
  FlowScan scan(*body, limits.max_depth);
  if (auto too_deep = scan.run()) {
    report_too_deep(*body, *too_deep, limits, report);
    return std::nullopt;
  }
  // The fast reader only sees text the scan found nothing odd in: the scan's view of flows
  // and quotes is its own (a fuzzed file it thought too deep, libyaml read whole), and every
  // message it leads to must still come from yaml-cpp.
  const bool scan_clean =
      !scan.open_flow_at_end() && scan.open_quote().offset == std::string_view::npos;
  if (reader != Reader::general && scan_clean) {
    if (auto fast = parse_fast(*body, limits)) return Document{report.path(), std::move(*fast)};
  }
  if (reader == Reader::fast_only) return std::nullopt;
  Node root;
  if (!scan.open_flow_at_end()) {
    if (run_yaml_cpp(*body, limits, scan.open_quote(), report, root) != Outcome::ok) {
      return std::nullopt;
    }
  } else {
    Diagnostics scratch;
    Reporter scratch_report(report.path(), scratch);
    if (run_yaml_cpp(*body, limits, scan.open_quote(), scratch_report, root) != Outcome::ok) {
      report_open_flow(*body, scan, limits, report);
      return std::nullopt;
    }
    // yaml-cpp read the flows as closed, so the scan misjudged; trust yaml-cpp.
  }
  return Document{report.path(), std::move(root)};
}

// Reporting must not throw either; if even that fails there is nothing left to do.
void report_quietly(Reporter& report, std::string_view message,
                    std::string_view detail = {}) noexcept {
  try {
    report.error({}, std::string(message) + std::string(detail));
  } catch (...) {}
}

// Reads at most limit + 1 bytes, so a file that grew after stat() still trips the cap.
std::optional<std::string> read_capped(const std::string& path, size_t limit, Reporter& report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report.error({}, std::string("cannot read file: ") + std::strerror(errno));
    return std::nullopt;
  }
  std::string data;
  char chunk[64 * 1024];
  while (data.size() <= limit && in.read(chunk, sizeof chunk).gcount() > 0) {
    data.append(chunk, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    report.error({}, "cannot read file: read error");
    return std::nullopt;
  }
  return data;
}

std::optional<std::string> read_file_checked(const std::string& path, Diagnostics& diagnostics,
                                             const Limits& limits) {
  Reporter report(path, diagnostics);
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec) {
    report.error({}, "cannot read file: " + ec.message());
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    report.error({}, fs::is_directory(status) ? "cannot read file: it is a directory"
                                              : "cannot read file: not a regular file");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (ec) {
    report.error({}, "cannot read file: " + ec.message());
    return std::nullopt;
  }
  if (size > limits.max_file_bytes) {
    report.error({}, over_limit("file", static_cast<size_t>(size), limits.max_file_bytes));
    return std::nullopt;
  }
  return read_capped(path, limits.max_file_bytes, report);
}

}  // namespace

std::optional<Document> parse(std::string_view text, const std::string& path,
                              Diagnostics& diagnostics, const Limits& limits, Reader reader) {
  Reporter report(path, diagnostics);
  try {
    return parse_checked(text, report, limits, reader);
  } catch (const std::bad_alloc&) {
    throw;  // not a problem of the file: the caller reports it (the C API as ENTITLE_ENOMEM)
  } catch (const std::exception& e) {
    report_quietly(report, "internal error while reading YAML: ", e.what());
  } catch (...) {
    report_quietly(report, "internal error while reading YAML");
  }
  return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path, Diagnostics& diagnostics,
                                     const Limits& limits) {
  try {
    return read_file_checked(path, diagnostics, limits);
  } catch (const std::bad_alloc&) {
    throw;  // not a problem of the file: the caller reports it (the C API as ENTITLE_ENOMEM)
  } catch (const std::exception& e) {
    Reporter report(path, diagnostics);
    report_quietly(report, "cannot read file: ", e.what());
  } catch (...) {
    Reporter report(path, diagnostics);
    report_quietly(report, "cannot read file");
  }
  return std::nullopt;
}

std::optional<Document> parse_file(const std::string& path, Diagnostics& diagnostics,
                                   const Limits& limits) {
  const auto text = read_file(path, diagnostics, limits);
  if (!text) return std::nullopt;
  return parse(*text, path, diagnostics, limits);
}

}  // namespace entitle::yaml
