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

TEST_CASE("atomic file: an impossible target is a clear error naming it") {
    test::TempDir dir;
    CHECK_THROWS_WITH_AS(AtomicFile(dir.path() / "no-such-folder" / "out.csv"),
                         doctest::Contains("cannot create a temporary file for"), std::system_error);
    CHECK_THROWS_WITH_AS(AtomicFile(dir.path()), doctest::Contains("cannot write to a directory"), std::system_error);
}

TEST_CASE("atomic file: a link is followed, the mode of the replaced file kept, a device refused") {
    test::TempDir dir;
    auto real = dir.write("real.csv", "old\n");
    std::filesystem::permissions(real, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto link = dir.path() / "latest.csv";
    std::filesystem::create_symlink(real, link);
    {
        AtomicFile file(link);
        file.stream() << "new\n";
        file.commit();
    }
    CHECK(std::filesystem::is_symlink(link));
    CHECK(test::read_file(real) == "new\n");
    CHECK(std::filesystem::status(real).permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

    try {
        AtomicFile device("/dev/null");
        FAIL("a device must not be replaced");
    } catch (const std::system_error& error) {
        CHECK(std::string(error.what()).find("not a regular file: /dev/null") != std::string::npos);
    }
}
