#include "runner/test_update.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace entitle::runner {

namespace {

struct Lines {
  std::vector<std::string> text;  // without line ends
  std::string eol = "\n";
  bool final_eol = true;
};

Lines split(const std::string& s) {
  Lines lines;
  if (s.find("\r\n") != std::string::npos) lines.eol = "\r\n";
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) {
      lines.text.push_back(s.substr(start));
      lines.final_eol = false;
      break;
    }
    std::string line = s.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.text.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string join(const Lines& lines) {
  std::string out;
  for (size_t i = 0; i < lines.text.size(); ++i) {
    out += lines.text[i];
    if (i + 1 < lines.text.size() || lines.final_eol) out += lines.eol;
  }
  return out;
}

size_t indent_of(const std::string& line) { return line.find_first_not_of(' '); }

bool blank_or_comment(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  return i == std::string::npos || line[i] == '#';
}

std::string flow_text(const OutputsUpdate& u) {
  std::string out = "{";
  for (size_t i = 0; i < u.outputs.size(); ++i)
    out += (i ? ", " : "") + u.outputs[i].first + ": " + u.outputs[i].second;
  return out + "}";
}

[[noreturn]] void lost(const std::string& path, uint32_t line) {
  throw std::runtime_error(path + ":" + std::to_string(line) +
                           ": cannot find the outputs: block to update");
}

// The position just past `outputs:` on the key's line.
size_t after_key(const std::string& path, const std::string& line, uint32_t n) {
  for (size_t at = line.find("outputs"); at != std::string::npos;
       at = line.find("outputs", at + 1)) {
    size_t colon = line.find_first_not_of(' ', at + 7);
    if (colon != std::string::npos && line[colon] == ':') return colon + 1;
  }
  lost(path, n);
}

// Replaces a flow map `{…}` (which may span lines) that starts at or after (row, col).
void replace_flow(Lines& lines, size_t row, size_t col, const std::string& text,
                  const std::string& path) {
  size_t open = lines.text[row].find('{', col);
  if (open == std::string::npos) lost(path, static_cast<uint32_t>(row + 1));
  int depth = 0;
  char quote = 0;
  for (size_t r = row, c = open; r < lines.text.size(); ++r, c = 0) {
    const std::string& line = lines.text[r];
    for (; c < line.size(); ++c) {
      const char ch = line[c];
      if (quote) {
        if (ch == '\\' && quote == '"')
          ++c;
        else if (ch == quote)
          quote = 0;
        continue;
      }
      if (ch == '"' || ch == '\'')
        quote = ch;
      else if (ch == '{' || ch == '[')
        ++depth;
      else if ((ch == '}' || ch == ']') && --depth == 0) {
        std::string joined = lines.text[row].substr(0, open) + text + line.substr(c + 1);
        lines.text.erase(lines.text.begin() + static_cast<long>(row) + 1,
                         lines.text.begin() + static_cast<long>(r) + 1);
        lines.text[row] = std::move(joined);
        return;
      }
    }
  }
  lost(path, static_cast<uint32_t>(row + 1));
}

// Replaces the lines of a block map: from its first line to the last one indented deeper
// than its key (trailing blank and comment lines belong to what follows).
void replace_block(Lines& lines, const OutputsUpdate& u, const std::string& path) {
  const size_t key_row = u.place.key_line - 1, first = u.place.value_line - 1;
  if (key_row >= lines.text.size() || first >= lines.text.size()) lost(path, u.place.key_line);
  const size_t key_indent = indent_of(lines.text[key_row]);
  size_t last = first;
  for (size_t r = first; r < lines.text.size(); ++r) {
    if (blank_or_comment(lines.text[r])) continue;
    if (indent_of(lines.text[r]) <= key_indent) break;
    last = r;
  }
  if (u.outputs.empty()) {  // nothing to list: an empty flow map after the key
    lines.text.erase(lines.text.begin() + static_cast<long>(first),
                     lines.text.begin() + static_cast<long>(last) + 1);
    std::string& key = lines.text[key_row];
    key = key.substr(0, after_key(path, key, u.place.key_line)) + " {}";
    return;
  }
  const std::string indent(indent_of(lines.text[first]), ' ');
  std::vector<std::string> block;
  for (const auto& [name, value] : u.outputs) block.push_back(indent + name + ": " + value);
  lines.text.erase(lines.text.begin() + static_cast<long>(first),
                   lines.text.begin() + static_cast<long>(last) + 1);
  lines.text.insert(lines.text.begin() + static_cast<long>(first), block.begin(), block.end());
}

void apply(Lines& lines, const OutputsUpdate& u, const std::string& path) {
  const size_t key_row = u.place.key_line - 1;
  if (key_row >= lines.text.size()) lost(path, u.place.key_line);
  switch (u.place.style) {
    case OutputsPlace::Style::empty: {
      std::string& line = lines.text[key_row];
      const size_t end = after_key(path, line, u.place.key_line);
      const size_t comment = line.find(" #", end);
      line = line.substr(0, end) + " " + flow_text(u) +
             (comment == std::string::npos ? "" : line.substr(comment));
      return;
    }
    case OutputsPlace::Style::flow: {
      const size_t row = u.place.value_line - 1;
      const size_t col = row == key_row ? after_key(path, lines.text[row], u.place.key_line) : 0;
      replace_flow(lines, row, col, flow_text(u), path);
      return;
    }
    case OutputsPlace::Style::block: replace_block(lines, u, path); return;
  }
}

}  // namespace

void rewrite_outputs(const std::string& path, std::vector<OutputsUpdate> updates) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the file to update it");
  std::ostringstream text;
  text << in.rdbuf();
  Lines lines = split(text.str());
  // Bottom up, so the line numbers of blocks still to do stay right.
  std::sort(updates.begin(), updates.end(),
            [](const auto& a, const auto& b) { return a.place.value_line > b.place.value_line; });
  for (const auto& u : updates) apply(lines, u, path);
  const std::string temp = path + ".entitle-update";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out || !(out << join(lines)) || !out.flush())
      throw std::runtime_error(temp + ": cannot write the updated file");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) throw std::runtime_error(path + ": cannot replace the file: " + ec.message());
}

}  // namespace entitle::runner
