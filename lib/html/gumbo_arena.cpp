#include "html/gumbo_arena.h"

#include <algorithm>
#include <cstdlib>

namespace sharitories::html {
namespace {

constexpr std::size_t block_size = 1 << 20;
constexpr std::size_t max_kept_blocks = 16;  // 16 MiB kept per thread between pages
constexpr std::size_t alignment = alignof(std::max_align_t);

GumboArena& thread_arena() {
    thread_local GumboArena arena;
    return arena;
}

}  // namespace

GumboOptions GumboArena::options() {
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &GumboArena::allocate;
    options.deallocator = &GumboArena::deallocate;
    options.userdata = this;
    // Gumbo records every parse error of real-world HTML (thousands on a news page) with a copy of
    // its context: we never read them.
    options.max_errors = 0;
    return options;
}

void GumboArena::reset() {
    // after a huge page, give back what ordinary pages do not need
    if (blocks_.size() > max_kept_blocks) blocks_.resize(max_kept_blocks);
    current_ = 0;
    used_ = 0;
}

void* GumboArena::allocate(void* userdata, std::size_t size) noexcept {
    auto& arena = *static_cast<GumboArena*>(userdata);
    size = (size + alignment - 1) / alignment * alignment;
    while (true) {
        if (arena.current_ < arena.blocks_.size()) {
            Block& block = arena.blocks_[arena.current_];
            if (arena.used_ + size <= block.size) {
                void* pointer = block.memory.get() + arena.used_;
                arena.used_ += size;
                return pointer;
            }
            ++arena.current_;
            arena.used_ = 0;
            continue;
        }
        const std::size_t new_size = std::max(block_size, size);
        try {  // an exception must not unwind through Gumbo's C frames
            arena.blocks_.push_back({std::make_unique_for_overwrite<std::byte[]>(new_size), new_size});
        } catch (...) {
            std::abort();
        }
    }
}

ArenaParse::ArenaParse(std::string_view html)
    : arena_(thread_arena()), options_(arena_.options()),
      output_(gumbo_parse_with_options(&options_, html.data(), html.size())) {}

// No gumbo_destroy_output: it would only walk the whole tree again to free each node into the
// arena's no-op deallocate (a twentieth of a raw parse's time); reset() forgets the tree at once.
ArenaParse::~ArenaParse() { arena_.reset(); }

}  // namespace sharitories::html
