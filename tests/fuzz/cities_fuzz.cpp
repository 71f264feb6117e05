// Town lists (lib/input/cities_reader.h). Invariants: every error is located and says something;
// a list read without error holds only towns a scan can use: a well-formed, unique INSEE code, a
// name that fits in a quoted query, a population, a département code if any, 5-digit postcodes.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "fuzz_support.h"
#include "input/cities_reader.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::as_text(data, size);
    const auto input = [&] { return "\"" + fuzz::escape(text) + "\""; };
    const auto parsed = sharitories::read_cities(text, "cities.csv");
    for (const auto& error : parsed.errors)
        FUZZ_CHECK(error.line >= 0 && error.column >= 0 && !error.message.empty(), input());
    if (!parsed.ok()) return 0;

    std::set<std::string> codes;
    for (const auto& city : parsed.value.cities) {
        const auto about = [&] { return "town \"" + fuzz::escape(city.insee) + "\" \"" + fuzz::escape(city.name) + "\" in " + input(); };
        FUZZ_CHECK(sharitories::is_insee_code(city.insee), about());
        FUZZ_CHECK(codes.insert(city.insee).second, about());
        FUZZ_CHECK(!city.name.empty() && city.name.find('"') == std::string::npos &&
                       !sharitories::has_control_char(city.name) && fuzz::is_valid_utf8(city.name),
                   about());
        FUZZ_CHECK(city.population >= 0, about());
        FUZZ_CHECK(city.departement.empty() || sharitories::is_departement_code(city.departement), about());
        for (const auto& postcode : city.postcodes)
            FUZZ_CHECK(postcode.size() == 5 && postcode.find_first_not_of("0123456789") == std::string::npos, about());
    }
    return 0;
}
