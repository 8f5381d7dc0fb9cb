// `entitle eval RULESET_DIR --as-of DATE RECORD.json|-`: decisions for one record.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "io/json_decisions.hpp"
#include "runner/common.hpp"
#include "runner/explain_text.hpp"
#include "runner/subcommands.hpp"

namespace entitle::runner {

namespace {

struct EvalArgs {
  std::string dir;
  std::string as_of;
  std::string entity;
  std::vector<std::string> rules;
  bool explain = false;
  std::string lang = "zh";
  std::string format = "json";
  std::string record = "-";
};

std::string read_input(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path + ": cannot read the record file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_eval(const EvalArgs& a) {
  Date as_of = parse_date_arg(a.as_of, "--as-of");
  Language lang = parse_language(a.lang);
  auto rs = load_or_report(a.dir, std::cerr);
  if (!rs) return kExitFindings;
  uint32_t entity = entity_arg(*rs, a.entity);
  std::string text = read_input(a.record);
  Record record;
  try {
    record = rs->parse_record(text, entity);
  } catch (const RecordError& e) {
    // what() repeats the position; say it once, GCC style.
    std::cerr << (a.record == "-" ? "<stdin>" : a.record);
    if (e.line) std::cerr << ':' << e.line << ':' << e.column;
    std::cerr << ": error: ";
    if (!e.field.empty()) std::cerr << "field '" << e.field << "': ";
    std::cerr << e.reason;
    if (!e.value.empty()) std::cerr << " (value: " << e.value << ")";
    std::cerr << '\n';
    return kExitFindings;
  }
  EvalOptions options;
  options.explain = a.explain || a.format == "text";
  options.language = lang;
  options.rules = a.rules;
  Decisions d = rs->evaluate(record, as_of, options);
  if (a.format == "text") {
    std::cout << decisions_to_text(*rs, d, lang);
  } else {
    options.explain = a.explain;
    std::cout << decisions_to_json(rs->model(), d, options) << '\n';
  }
  return kExitOk;
}

}  // namespace

void add_eval(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand("eval", "Evaluate one record (JSON) at a date");
  cmd->add_option("RULESET_DIR", a->dir, "Rule-set folder")->required();
  cmd->add_option("RECORD", a->record, "Record file (JSON object), or - for standard input");
  cmd->add_option("--as-of", a->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--entity", a->entity, "Entity of the record (default: the only one)");
  // One id per --rule, so `--rule X RECORD` leaves RECORD to the positional argument.
  cmd->add_option("--rule", a->rules, "Evaluate only this rule id (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--explain", a->explain, "Include each condition, its value and what it read");
  cmd->add_option("--lang", a->lang, "Language of titles and explanations: zh or en")
      ->check(CLI::IsMember({"zh", "en"}));
  cmd->add_option("--format", a->format, "json (for programs) or text (for people)")
      ->check(CLI::IsMember({"json", "text"}));
  cmd->footer(
      "Example:\n"
      "  echo '{\"id\":\"P1\",\"birth_date\":\"1964-07-02\",\"hukou_local\":true,...}' |\n"
      "    entitle eval rules/screening-2024 --as-of 2024-07-01 --format text -\n"
      "  【不符合】困难群体年满60周岁按月领取居民基本养老保险待遇（滕人社发〔2019〕24号 四(二)4）\n"
      "    resident_pension.hardship_60\n"
      "    不符合：年满60周岁 — 年龄 59 < 60（滕人社发〔2019〕24号 四(二)4）");
  cmd->callback([a, &exit_code] { exit_code = run_eval(*a); });
}

}  // namespace entitle::runner
