// Diagnostics are part of the public API; this keeps the internal include path working.
#pragma once
#include "entitle/diagnostics.hpp"
