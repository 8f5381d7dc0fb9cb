// Rule files read into a small tree that remembers where every node came from.
//
// yaml-cpp's own node API keeps duplicate keys silently, shares aliased nodes (so a small
// "billion laughs" file explodes, and `&x [*x]` is a cycle) and loses marks on Clone(). We
// read through YAML::Parser with our own event handler instead, which builds this tree and
// rejects what a rule file never needs: anchors and aliases, duplicate keys, nesting past a
// cap, files past a size cap, multiple documents. Scalars stay text; the loader interprets
// them against what each key expects, so `no` is never silently a boolean.
//
// yaml-cpp is slow (most of a cold load), so parse() first lets libyaml read the text
// (yaml_fast_tree.hpp): it builds the identical tree or declines, and only then does
// yaml-cpp read it, deciding and reporting as described here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.hpp"

namespace entitle::yaml {

struct Limits {
  // 1 MiB and 100,000 nodes: policy files are a few KiB, the largest test file (a table
  // checked row by row) ~500 KB and 44,000 nodes; the caps keep a load under ~100 ms and
  // 64 MiB whatever the input (docs/limits.md).
  size_t max_file_bytes = 1024 * 1024;
  uint32_t max_depth = 64;  // nested collections
  size_t max_nodes = 100'000;
  size_t max_scalar_bytes = 64 * 1024;
};

struct Entry;

struct Node {
  enum class Kind { null, scalar, sequence, map };

  Kind kind = Kind::null;
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based
  // Scalars: the text as written (after YAML unescaping/folding). Empty for null.
  std::string text;
  // True when the scalar was quoted ('...' or "...") or a block scalar (| or >): quoted
  // text is always a string, never a number, bool or null.
  bool quoted = false;
  std::string tag;             // explicit tag if any ("!foo"), else empty
  std::vector<Node> items;     // sequence elements
  std::vector<Entry> entries;  // map entries, in file order (keys are scalars)
  bool flow = false;           // written in flow style ([..] / {..})

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_map() const { return kind == Kind::map; }
  // Map lookup by key text; nullptr when absent or not a map.
  const Node* find(std::string_view key) const;
};

// One map entry. A struct, not std::pair<Node, Node>: a pair needs Node complete where
// Node is still being defined, which libstdc++ with clang rejects. Destructures like a pair:
// `for (const auto& [key, value] : map.entries)`.
struct Entry {
  Node key;
  Node value;
};

struct Document {
  std::string path;  // as given; used in every diagnostic
  Node root;         // null when the file is empty
};

// Which reader parse() uses. `automatic`: the fast one (libyaml, yaml_fast_tree.hpp) and,
// whenever it declines, the general one (yaml-cpp), which alone reports problems. The other
// two exist for the tests that compare them: `general` is yaml-cpp alone; `fast_only`
// returns nullopt without a diagnostic where the fast reader declines.
enum class Reader { automatic, general, fast_only };

// Parses one YAML document from `text`. On any problem, reports it to `diagnostics` as
// `path:line:col: error: ...` and returns nullopt (a partial tree is never returned).
// Problems reported: file over max_file_bytes; NUL bytes; a UTF-16/32 byte-order mark or
// invalid UTF-8; YAML syntax errors (yaml-cpp's message with its position); anchors and
// aliases ("anchors and aliases are not allowed in rule files"); duplicate keys, naming the
// line of the first ("duplicate key 'x' (first defined at line N)"); non-scalar keys;
// nesting deeper than max_depth; more than max_nodes nodes; scalars over max_scalar_bytes;
// a second document in the stream. A UTF-8 BOM at the start is accepted and skipped.
std::optional<Document> parse(std::string_view text, const std::string& path,
                              Diagnostics& diagnostics, const Limits& limits = {},
                              Reader reader = Reader::automatic);

// Reads the file (refusing one over max_file_bytes before reading it whole) and parses it.
// An unreadable file is reported as `path: error: cannot read file: <reason>`.
std::optional<Document> parse_file(const std::string& path, Diagnostics& diagnostics,
                                   const Limits& limits = {});

// The reading half of parse_file: the file's bytes, with the same checks and messages
// (not a regular file, over max_file_bytes, unreadable). For a caller that needs the text
// as well as the tree (to hash it, or to reuse an earlier parse of the same bytes).
std::optional<std::string> read_file(const std::string& path, Diagnostics& diagnostics,
                                     const Limits& limits = {});

}  // namespace entitle::yaml
