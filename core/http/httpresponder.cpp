#include "httpresponder.h"

namespace cvc {

HttpResponder::~HttpResponder() = default;

} // namespace cvc
