#!/bin/sh
# Keeps keywords/homonyms.tsv honest (issue 8): every town name scripts/homonym-candidates reports —
# a word of the French word list, a département's name, a place or product of its hand-written
# lists — is decided, either in keywords/homonyms.tsv or, left out, in keywords/homonyms-reviewed.txt.
# Without Debian's Python or French word list (packages python3 and wfrench, which scripts/setup
# installs) it exits 77, which tests/CMakeLists.txt declares as ctest's SKIP_RETURN_CODE.
# Usage: homonym_candidates_test.sh SOURCE_DIR
set -eu
source_dir=${1:?usage: homonym_candidates_test.sh SOURCE_DIR}
if [ ! -x /usr/bin/python3 ]; then
  echo "skipped: /usr/bin/python3 is missing (apt-get install python3, or run scripts/setup)"
  exit 77
fi
if [ ! -r /usr/share/dict/french ]; then
  echo "skipped: /usr/share/dict/french is missing (apt-get install wfrench, or run scripts/setup)"
  exit 77
fi
exec "$source_dir/scripts/homonym-candidates" --check
