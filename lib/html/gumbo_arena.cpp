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
    next_block_ = 0;
    next_ = end_ = nullptr;
}

void* GumboArena::allocate(void* userdata, std::size_t size) noexcept {
    auto& arena = *static_cast<GumboArena*>(userdata);
    size = (size + alignment - 1) / alignment * alignment;
    if (size > static_cast<std::size_t>(arena.end_ - arena.next_)) return arena.allocate_from_next_block(size);
    void* pointer = arena.next_;  // hundreds of thousands of times a page: room in the current block
    arena.next_ += size;
    return pointer;
}

void* GumboArena::allocate_from_next_block(std::size_t size) noexcept {
    // the rest of the current block is left; blocks kept from earlier pages are used before new ones
    while (next_block_ < blocks_.size() && blocks_[next_block_].size < size) ++next_block_;
    if (next_block_ == blocks_.size()) {
        const std::size_t new_size = std::max(block_size, size);
        try {  // an exception must not unwind through Gumbo's C frames
            blocks_.push_back({std::make_unique_for_overwrite<std::byte[]>(new_size), new_size});
        } catch (...) {
            std::abort();
        }
    }
    Block& block = blocks_[next_block_++];
    next_ = block.memory.get() + size;
    end_ = block.memory.get() + block.size;
    return block.memory.get();
}

ArenaParse::ArenaParse(std::string_view html)
    : arena_(thread_arena()), options_(arena_.options()),
      output_(gumbo_parse_with_options(&options_, html.data(), html.size())) {}

// No gumbo_destroy_output: it would only walk the whole tree again to free each node into the
// arena's no-op deallocate (a twentieth of a raw parse's time); reset() forgets the tree at once.
ArenaParse::~ArenaParse() { arena_.reset(); }

}  // namespace sharitories::html
