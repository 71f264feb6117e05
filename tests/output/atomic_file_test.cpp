#include <doctest/doctest.h>

#include <system_error>

#include "output/atomic_file.h"
#include "test_support.h"

using namespace sharitories;

TEST_CASE("atomic file: the target appears only on commit, and no temporary is left") {
    test::TempDir dir;
    auto target = dir.write("shortlist.csv", "previous,run\n");
    {
        AtomicFile file(target);
        file.stream() << "rank,insee\n1,56121\n";
        CHECK(test::read_file(target) == "previous,run\n");  // readers still see the old file
        file.commit();
    }
    CHECK(test::read_file(target) == "rank,insee\n1,56121\n");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("atomic file: without commit the old file stays and the temporary is removed") {
    test::TempDir dir;
    auto target = dir.write("shortlist.csv", "previous,run\n");
    {
        AtomicFile file(target);
        file.stream() << "half a fi";
    }
    CHECK(test::read_file(target) == "previous,run\n");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("atomic file: an impossible target is a clear error") {
    test::TempDir dir;
    CHECK_THROWS_AS(AtomicFile(dir.path() / "no-such-folder" / "out.csv"), std::system_error);
    CHECK_THROWS_AS(AtomicFile(dir.path()), std::system_error);
}
