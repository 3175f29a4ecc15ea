// Reads one `type: api` item of the spec's `components` section.
#include "spec/sections.hpp"

#include "spec/section_reader.hpp"

namespace v5store::spec_detail {
namespace {

// `auth` holds the token, read into the ApiSpec itself.
const Section<ApiSpec>& auth_section() {
  static const Section<ApiSpec> section("components[0].auth",
                                        {key("bearer_token", &ApiSpec::bearer_token)});
  return section;
}

void read_auth(const YamlReader& reader, const YAML::Node& value, const std::string& path,
               const Rule&, ApiSpec& api) {
  auth_section().read(reader, value, path, api);
}

// The type is known to be "api" when this section is chosen.
void read_type(const YamlReader&, const YAML::Node&, const std::string&, const Rule&, ApiSpec&) {}

const Section<ApiSpec>& api_section() {
  static const Section<ApiSpec> section(
      "components[0]",
      {key("name", &ApiSpec::name), key_with<ApiSpec>("type", read_type),
       key("stores", &ApiSpec::stores), key("listen", &ApiSpec::listen),
       key("base_path", &ApiSpec::base_path), key_with<ApiSpec>("auth", read_auth),
       key("max_body_bytes", &ApiSpec::max_body_bytes)},
      "api");
  return section;
}

}  // namespace

ApiSpec parse_api(const YamlReader& reader, const YAML::Node& value, const std::string& path) {
  ApiSpec api;
  api.location = reader.location(value);
  api_section().read(reader, value, path, api);
  return api;
}

}  // namespace v5store::spec_detail
