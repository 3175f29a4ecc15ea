// The out-of-line error of value_codec (entity_traits.hpp).
#include "v5store/entity_traits.hpp"

#include "v5store/error.hpp"

namespace v5store::detail {

void throw_codec_mismatch(const Value& got, std::string_view expected) {
  throw Error(ErrorCode::schema, "member expects " + std::string(expected) + ", got " +
                                     to_display_string(got));
}

}  // namespace v5store::detail
