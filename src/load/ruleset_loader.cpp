#include "load/ruleset_loader.hpp"

#include <algorithm>
#include <filesystem>

#include "base/sha256.hpp"
#include "load/load_state.hpp"
#include "load/parsed_file_cache.hpp"
#include "model/model.hpp"

namespace entitle::load {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxExtendsDepth = 8;

struct FileText {
  std::string path;
  std::string text;
};

bool is_rule_file(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The rule files of one folder, sorted by name so the load order (and hash) is stable.
std::vector<fs::path> rule_files(const fs::path& dir, Diagnostics& diagnostics) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diagnostics.error({dir.string(), 0, 0}, "not a rule-set folder (no such directory)");
    return files;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && is_rule_file(entry.path())) files.push_back(entry.path());
  if (ec) diagnostics.error({dir.string(), 0, 0}, "cannot list the folder: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty() && !ec)
    diagnostics.error({dir.string(), 0, 0}, "the folder holds no rule files (*.yaml)");
  return files;
}

// Whether canonical path `p` is `root` or inside it (component by component, so that
// /rules-old is not inside /rules).
bool inside(const fs::path& p, const fs::path& root) {
  const auto [r, _] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

// `ruleset: {extends: ../base}` of a parsed folder, if any.
const yaml::Node* extends_of(const std::deque<SourceDoc>& docs, uint32_t layer) {
  for (const auto& d : docs) {
    if (d.layer != layer || !d.root().is_map()) continue;
    const yaml::Node* header = d.root().find("ruleset");
    if (header && header->is_map())
      if (const yaml::Node* e = header->find("extends")) return e;
  }
  return nullptr;
}

class FolderLoader {
 public:
  FolderLoader(LoadState& s, std::vector<FileText>& texts, const LoadOptions& options)
      : s_(s), texts_(texts), options_(options) {}

  // Parses `dir` and, first, the folders it extends. Returns the layer it was given.
  //
  // Nothing a rule file says reaches outside the folder of rule sets, the parent of the
  // folder being loaded (rules/ for rules/city): `extends:` names a sibling (../national), not
  // an absolute path, and neither it nor a rule file may resolve, through `..` or a symbolic
  // link, to anything outside that folder. A rule set given to a service cannot make it read
  // (and quote in an error) /etc/passwd.
  bool load(const fs::path& dir, std::vector<fs::path>& chain, const SourceLocation& from) {
    fs::path canonical = fs::weakly_canonical(dir);
    if (chain.empty()) root_ = canonical.parent_path();
    if (!chain.empty() && !inside(canonical, root_)) {
      s_.diagnostics.error(from, "extends: '" + dir.string() + "' is outside " +
                                     root_.filename().string() +
                                     "/, the folder of rule sets; a rule set builds only on "
                                     "its siblings (../name)");
      return false;
    }
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
      s_.diagnostics.error(from, "extends: '" + dir.string() +
                                     "' is already in the chain of "
                                     "rule sets (a rule set cannot build on itself)");
      return false;
    }
    if (chain.size() >= kMaxExtendsDepth) {
      s_.diagnostics.error(
          from, "extends: more than " + std::to_string(kMaxExtendsDepth) + " rule sets deep");
      return false;
    }
    chain.push_back(canonical);
    std::deque<SourceDoc> mine;
    for (const auto& file : rule_files(dir, s_.diagnostics)) {
      std::error_code ec;
      if (fs::is_symlink(file, ec) && !inside(fs::weakly_canonical(file, ec), root_)) {
        s_.diagnostics.error({file.string(), 0, 0}, "a symbolic link to a file outside " +
                                                        root_.filename().string() +
                                                        "/, the folder of rule sets; not read");
        continue;
      }
      auto text = yaml::read_file(file.string(), s_.diagnostics);
      if (!text) continue;
      auto doc = parse_reusing((canonical / file.filename()).string(), file.string(), *text);
      if (!doc) continue;
      texts_.push_back({file.string(), std::move(*text)});
      mine.push_back(SourceDoc{file.string(), std::move(doc), 0});
    }
    if (const yaml::Node* e = extends_of(mine, 0)) {
      if (!e->is_scalar()) {
        s_.diagnostics.error({mine.front().path, e->line, e->column},
                             "extends names one folder, relative to this one");
      } else if (fs::path(e->text).is_absolute()) {
        s_.diagnostics.error({pathof(mine, *e), e->line, e->column},
                             "extends names a folder relative to this one (../national), not "
                             "an absolute path");
      } else {
        SourceLocation at{pathof(mine, *e), e->line, e->column};
        if (!load(dir / e->text, chain, at)) return false;
      }
    }
    uint32_t layer = next_layer_++;
    for (auto& d : mine) {
      d.layer = layer;
      s_.docs.push_back(std::move(d));
    }
    chain.pop_back();
    return true;
  }

 private:
  // The tree of `text`: an earlier clean parse of the same bytes when the cache has one,
  // else a fresh parse (kept in the cache when it reported nothing).
  std::shared_ptr<const yaml::Document> parse_reusing(const std::string& key,
                                                      const std::string& path,
                                                      const std::string& text) {
    ParsedFileCache* cache = options_.reuse_parsed_files ? &ParsedFileCache::process() : nullptr;
    if (cache)
      if (auto hit = cache->find(key, text)) return hit;
    const size_t before = s_.diagnostics.items().size();
    auto doc = yaml::parse(text, path, s_.diagnostics);
    if (!doc) return nullptr;
    auto shared = std::make_shared<const yaml::Document>(std::move(*doc));
    if (cache && s_.diagnostics.items().size() == before) cache->insert(key, text, shared);
    return shared;
  }

  static std::string pathof(const std::deque<SourceDoc>& docs, const yaml::Node& n) {
    for (const auto& d : docs) {
      const yaml::Node* h = d.root().is_map() ? d.root().find("ruleset") : nullptr;
      if (h && h->is_map() && h->find("extends") == &n) return d.path;
    }
    return docs.empty() ? std::string() : docs.front().path;
  }

  LoadState& s_;
  std::vector<FileText>& texts_;
  const LoadOptions& options_;
  uint32_t next_layer_ = 0;
  fs::path root_;  // canonical folder of rule sets: the loaded folder's parent
};

LoadResult finish(std::unique_ptr<Model> model, LoadState& state, std::vector<FileText>& texts,
                  Diagnostics& diagnostics) {
  if (!diagnostics.has_errors()) {
    read_declarations(state);
    const bool top_has_header =
        !state.docs.empty() && state.header_layer == static_cast<int64_t>(state.docs.back().layer);
    if (!top_has_header)
      diagnostics.error({state.docs.empty() ? std::string() : state.docs.back().path, 0, 0},
                        "no file has the ruleset header (ruleset: {name: …, version: …})");
    read_definitions(state);
    if (!diagnostics.has_errors()) link(state);
  }
  Sha256 hash;
  for (const auto& t : texts) {
    model->files.push_back(t.path);
    // Name and length delimit each file so moving text between files changes the hash.
    hash.update(fs::path(t.path).filename().string());
    hash.update(std::string(1, '\0') + std::to_string(t.text.size()) + '\0');
    hash.update(t.text);
  }
  model->content_hash = hash.hex_digest();
  diagnostics.sort();
  LoadResult result;
  result.diagnostics = std::move(diagnostics);
  if (!result.diagnostics.has_errors())
    result.ruleset = std::make_shared<RuleSet>(std::move(model));
  return result;
}

}  // namespace

void clear_parsed_file_cache() { ParsedFileCache::process().clear(); }

LoadResult load_directory(const std::string& dir, const LoadOptions& options) {
  auto model = std::make_unique<Model>();
  Diagnostics diagnostics;
  LoadState state{*model, diagnostics, {}, {}, {}, {}, -1};
  std::vector<FileText> texts;
  FolderLoader loader(state, texts, options);
  std::vector<fs::path> chain;
  try {
    loader.load(dir, chain, {dir, 0, 0});
    return finish(std::move(model), state, texts, diagnostics);
  } catch (const std::bad_alloc&) {
    throw;  // not a problem of the rules: the C API returns ENTITLE_ENOMEM
  } catch (const std::exception& e) {
    diagnostics.error({dir, 0, 0}, std::string("cannot load the rule set: ") + e.what());
  }
  LoadResult failed;
  failed.diagnostics = std::move(diagnostics);
  return failed;
}

LoadResult load_documents(const std::vector<std::pair<std::string, std::string>>& docs) {
  auto model = std::make_unique<Model>();
  Diagnostics diagnostics;
  LoadState state{*model, diagnostics, {}, {}, {}, {}, -1};
  std::vector<FileText> texts;
  try {
    for (const auto& [name, text] : docs) {
      auto doc = yaml::parse(text, name, diagnostics);
      if (!doc) continue;
      texts.push_back({name, text});
      if (const yaml::Node* h = doc->root.is_map() ? doc->root.find("ruleset") : nullptr)
        if (h->is_map() && h->find("extends"))
          diagnostics.error({name, h->find("extends")->line, h->find("extends")->column},
                            "extends is not available for rule sets loaded from memory");
      state.docs.push_back(
          SourceDoc{name, std::make_shared<const yaml::Document>(std::move(*doc)), 0});
    }
    return finish(std::move(model), state, texts, diagnostics);
  } catch (const std::bad_alloc&) {
    throw;  // not a problem of the rules: the C API returns ENTITLE_ENOMEM
  } catch (const std::exception& e) {
    diagnostics.error({}, std::string("cannot load the rule set: ") + e.what());
  }
  LoadResult failed;
  failed.diagnostics = std::move(diagnostics);
  return failed;
}

}  // namespace entitle::load
