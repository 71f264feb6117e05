// The I/O edge of lib/input: finds and reads cities.csv and a keywords directory from disk, then
// hands their text to the pure readers. Every failure comes back as located errors.
#pragma once

#include <filesystem>
#include <string>

#include "input/input_error.h"
#include "model/city.h"
#include "model/keyword.h"

namespace sharitories {

/// Where cities.csv and keywords/ are looked for when no --cities / --keywords is given:
/// $SHARITORIES_DATA_DIR if set, else the source tree this binary was built from (if it still has
/// cities.csv), else the installed share/sharitories.
std::filesystem::path default_data_dir();

/// The whole file as text; refuses directories and files over 256 MiB.
Parsed<std::string> read_text_file(const std::filesystem::path& path);

Parsed<CityList> load_cities(const std::filesystem::path& path);

/// Every term file (<language>.tsv, e.g. fr.tsv) plus the optional platforms.tsv, homonyms.tsv and
/// shared-names.tsv. At least one term file is required.
Parsed<KeywordSet> load_keywords(const std::filesystem::path& dir);

}  // namespace sharitories
