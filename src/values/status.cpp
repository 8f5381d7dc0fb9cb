#include "entitle/decision.hpp"

namespace entitle {

const char* status_name(Status s) {
  switch (s) {
    case Status::eligible: return "eligible";
    case Status::not_eligible: return "not_eligible";
    case Status::not_applicable: return "not_applicable";
    case Status::undetermined: return "undetermined";
  }
  return "undetermined";
}

}  // namespace entitle
