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

TEST_CASE("atomic file: the mode of the replaced file is kept, a device refused") {
    test::TempDir dir;
    auto real = dir.write("real.csv", "old\n");
    std::filesystem::permissions(real, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    {
        AtomicFile file(real);
        file.stream() << "new\n";
        file.commit();
    }
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

TEST_CASE("atomic file: a link at the path is replaced by the file, never written through") {
    namespace fs = std::filesystem;
    test::TempDir dir;
    const auto victim = dir.write("victim.csv", "someone else's\n");
    fs::permissions(victim, fs::perms::owner_read);  // a mode no umask gives a new file
    const auto link = dir.path() / "shortlist.csv";
    fs::create_symlink(victim, link);
    {
        AtomicFile file(link);
        file.stream() << "rank,insee\n";
        file.commit();
    }
    CHECK(test::read_file(victim) == "someone else's\n");
    CHECK(fs::is_regular_file(fs::symlink_status(link)));
    CHECK(test::read_file(link) == "rank,insee\n");
    // the new file's mode is a new file's, not the mode of what the link led to
    CHECK(fs::status(link).permissions() != fs::status(victim).permissions());

    // a link that leads nowhere, or to a device, or to a folder: the link is what is replaced
    const auto dangling = dir.path() / "dangling.csv";
    fs::create_symlink(dir.path() / "nowhere.csv", dangling);
    const auto to_device = dir.path() / "to-null.csv";
    fs::create_symlink("/dev/null", to_device);
    fs::create_directory(dir.path() / "folder");
    const auto to_folder = dir.path() / "to-folder.csv";
    fs::create_directory_symlink(dir.path() / "folder", to_folder);
    for (const auto& path : {dangling, to_device, to_folder}) {
        CAPTURE(path);
        AtomicFile file(path);
        file.stream() << "1,56121\n";
        file.commit();
        CHECK(fs::is_regular_file(fs::symlink_status(path)));
        CHECK(test::read_file(path) == "1,56121\n");
    }
    CHECK_FALSE(fs::exists(dir.path() / "nowhere.csv"));
    CHECK(fs::is_character_file("/dev/null"));
    CHECK(fs::is_empty(dir.path() / "folder"));
}

TEST_CASE("atomic file: another hard link to the file keeps the old content, and folder links are followed by the kernel") {
    namespace fs = std::filesystem;
    test::TempDir dir;
    const auto original = dir.write("original.csv", "old\n");
    const auto other_name = dir.path() / "other-name.csv";
    fs::create_hard_link(original, other_name);
    {
        AtomicFile file(original);
        file.stream() << "new\n";
        file.commit();
    }
    CHECK(test::read_file(original) == "new\n");
    CHECK(test::read_file(other_name) == "old\n");  // not written into

    // a link among the folders of the path leads where it says: only the last name is never followed
    fs::create_directory(dir.path() / "real-folder");
    fs::create_directory_symlink(dir.path() / "real-folder", dir.path() / "folder-link");
    {
        AtomicFile file(dir.path() / "folder-link" / "out.csv");
        file.stream() << "x\n";
        file.commit();
    }
    CHECK(test::read_file(dir.path() / "real-folder" / "out.csv") == "x\n");
}

TEST_CASE("atomic file: a temporary replaced by another file under its name is not renamed onto the target") {
    test::TempDir dir;
    const auto target = dir.write("shortlist.xlsx", "previous\n");
    AtomicFile file(target);
    const auto temporary = file.temporary_path();
    std::filesystem::remove(temporary);
    test::TempDir elsewhere;
    std::filesystem::copy_file(elsewhere.write("planted", "planted\n"), temporary);
    CHECK_THROWS_WITH_AS(file.commit(), doctest::Contains("the temporary file was replaced"), std::system_error);
    CHECK(test::read_file(target) == "previous\n");
}
