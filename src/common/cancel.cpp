#include "common/cancel.h"

#include "common/error.h"

namespace ferry {

void CancelToken::check() const {
    if (cancelled()) {
        throw Error(ErrorKind::Cancelled, "cancelled by the user");
    }
}

} // namespace ferry
