// An arena for Gumbo's allocations (GumboOptions::allocator): parsing a page makes tens of thousands
// of small allocations that all die together when the tree is destroyed, so a bump allocator with a
// no-op free is faster than malloc. One arena per thread, reused page after page; after a page whose
// tree needed more than 16 MiB the extra blocks are freed. Private to lib/html (it includes gumbo.h).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace sharitories::html {

class GumboArena {
public:
    /// Options that allocate from this arena; the tree needs no gumbo_destroy_output, reset() frees it.
    GumboOptions options();
    /// Forgets every allocation, keeping the memory for the next page.
    void reset();

private:
    static void* allocate(void* arena, std::size_t size) noexcept;
    static void deallocate(void*, void*) {}
    /// `size` (aligned) from the next block with room for it, a new one if none.
    void* allocate_from_next_block(std::size_t size) noexcept;

    struct Block {
        std::unique_ptr<std::byte[]> memory;
        std::size_t size = 0;
    };
    std::vector<Block> blocks_;
    std::size_t next_block_ = 0;  // the first block not filled yet
    std::byte* next_ = nullptr;   // free space in the block being filled: [next_, end_)
    std::byte* end_ = nullptr;
};

/// A parse with this thread's arena, forgotten (the arena reset) with the returned owner.
class ArenaParse {
public:
    explicit ArenaParse(std::string_view html);
    ~ArenaParse();
    ArenaParse(const ArenaParse&) = delete;
    ArenaParse& operator=(const ArenaParse&) = delete;
    GumboOutput* output() const { return output_; }

private:
    GumboArena& arena_;
    GumboOptions options_;
    GumboOutput* output_;
};

}  // namespace sharitories::html
