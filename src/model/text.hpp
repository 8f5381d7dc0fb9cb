// Bilingual text and policy citations, as rule files carry them.
#pragma once

#include <string>

#include "entitle/decision.hpp"

namespace entitle {

struct LocalizedText {
  std::string zh;
  std::string en;

  bool empty() const { return zh.empty() && en.empty(); }
  // The text in `lang`, falling back to the other language when that one is absent.
  const std::string& in(Language lang) const {
    const std::string& want = lang == Language::zh ? zh : en;
    return want.empty() ? (lang == Language::zh ? en : zh) : want;
  }
};

struct Citation {
  std::string document;  // 滕人社发〔2019〕24号
  std::string section;   // 四(二)4
  std::string url;

  bool empty() const { return document.empty(); }
};

}  // namespace entitle
