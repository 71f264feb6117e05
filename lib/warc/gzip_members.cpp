#include "warc/gzip_members.h"

#include <zlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

namespace sharitories {

namespace {

constexpr std::size_t input_capacity = 256 * 1024;

bool gzip_magic(const unsigned char* bytes) { return bytes[0] == 0x1f && bytes[1] == 0x8b && bytes[2] == 0x08; }

}  // namespace

ByteSource fd_source(int fd) {
    return [fd](char* buffer, std::size_t size) -> std::size_t {
        for (;;) {
            const ssize_t got = ::read(fd, buffer, size);
            if (got >= 0) return static_cast<std::size_t>(got);
            if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
        }
    };
}

ByteSource memory_source(const std::string& bytes) {
    return [&bytes, offset = std::size_t{0}](char* buffer, std::size_t size) mutable -> std::size_t {
        const std::size_t n = std::min(size, bytes.size() - offset);
        std::memcpy(buffer, bytes.data() + offset, n);
        offset += n;
        return n;
    };
}

struct GzipMembers::Inflater {
    z_stream stream{};
    Inflater() {
        // 16 + MAX_WBITS: a gzip wrapper only (header and CRC-32/ISIZE trailer checked)
        if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
    }
    ~Inflater() { inflateEnd(&stream); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
};

GzipMembers::GzipMembers(ByteSource source) : source_(std::move(source)), input_(input_capacity) {}
GzipMembers::~GzipMembers() = default;

bool GzipMembers::fill_input() {
    if (input_done_) return false;
    if (input_pos_ > 0) {
        std::memmove(input_.data(), input_.data() + input_pos_, input_end_ - input_pos_);
        input_base_ += input_pos_;
        input_end_ -= input_pos_;
        input_pos_ = 0;
    }
    if (input_end_ == input_.size()) return true;
    const std::size_t got = source_(reinterpret_cast<char*>(input_.data() + input_end_), input_.size() - input_end_);
    if (got == 0) input_done_ = true;
    input_end_ += got;
    return got > 0;
}

void GzipMembers::start_member() {
    if (!inflater_) inflater_ = std::make_unique<Inflater>();
    else inflateReset(&inflater_->stream);
    members_.push_back({position_, input_base_ + input_pos_});
    in_member_ = true;
}

void GzipMembers::skip_to_next_member(const std::string& why) {
    const std::uint64_t offset = in_member_ ? members_.back().input_offset : input_base_ + input_pos_;
    problems_.push_back({offset, position_, why});
    in_member_ = false;
    // The damaged member's header was at `offset`: look for the next header after what was read.
    if (input_pos_ < input_end_ && input_base_ + input_pos_ == offset) ++input_pos_;
    for (;;) {
        for (; input_pos_ + 3 <= input_end_; ++input_pos_)
            if (gzip_magic(&input_[input_pos_])) return;
        const bool more = fill_input();
        if (!more && input_pos_ + 3 > input_end_) {
            input_pos_ = input_end_;
            return;
        }
    }
}

std::size_t GzipMembers::read(char* out, std::size_t size) {
    if (size == 0) return 0;
    if (!started_) {
        started_ = true;
        while (input_end_ < 3 && fill_input()) {
        }
        compressed_ = input_end_ >= 3 && gzip_magic(input_.data());
        if (!compressed_) members_.push_back({0, 0});
    }
    if (!compressed_) {
        if (input_pos_ == input_end_ && !fill_input()) return 0;
        const std::size_t n = std::min(size, input_end_ - input_pos_);
        std::memcpy(out, input_.data() + input_pos_, n);
        input_pos_ += n;
        position_ += n;
        return n;
    }
    for (;;) {
        if (!in_member_) {
            if (input_end_ - input_pos_ < 3) fill_input();
            while (input_pos_ < input_end_ && input_[input_pos_] == 0) {  // padding after the last member
                ++input_pos_;
                if (input_pos_ == input_end_) fill_input();
            }
            if (input_pos_ == input_end_) return 0;
            if (input_end_ - input_pos_ < 3 || !gzip_magic(&input_[input_pos_])) {
                skip_to_next_member(fmt::format("bytes at offset {} are not a gzip member", input_base_ + input_pos_));
                continue;
            }
            start_member();
        }
        if (input_pos_ == input_end_ && !fill_input()) {
            skip_to_next_member(fmt::format("the gzip member at offset {} is cut short", members_.back().input_offset));
            return 0;
        }
        z_stream& z = inflater_->stream;
        z.next_in = &input_[input_pos_];
        z.avail_in = static_cast<uInt>(input_end_ - input_pos_);
        z.next_out = reinterpret_cast<Bytef*>(out);
        z.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
        const uInt asked = z.avail_out;
        const std::size_t before = input_pos_;
        const int rc = inflate(&z, Z_NO_FLUSH);
        input_pos_ = input_end_ - z.avail_in;
        const std::size_t produced = asked - z.avail_out;
        position_ += produced;
        if (rc == Z_STREAM_END) {
            in_member_ = false;
            if (produced > 0) return produced;
            continue;
        }
        if (rc == Z_OK || rc == Z_BUF_ERROR) {
            if (produced > 0) return produced;
            if (input_pos_ == before && input_pos_ < input_end_ && !fill_input()) {  // no progress: zlib wants more
                skip_to_next_member(fmt::format("the gzip member at offset {} is cut short", members_.back().input_offset));
                return 0;
            }
            continue;
        }
        skip_to_next_member(fmt::format("the gzip member at offset {} is damaged ({})", members_.back().input_offset,
                                        z.msg != nullptr ? z.msg : "zlib error " + std::to_string(rc)));
        if (produced > 0) return produced;
    }
}

std::uint64_t GzipMembers::input_offset(std::uint64_t position) const {
    if (!compressed_) return position;
    for (auto member = members_.rbegin(); member != members_.rend(); ++member)
        if (member->position <= position) return member->input_offset;
    return members_.empty() ? 0 : members_.front().input_offset;
}

void GzipMembers::forget_before(std::uint64_t position) {
    while (members_.size() > 1 && members_[1].position <= position) members_.pop_front();
}

std::vector<GzipMembers::Problem> GzipMembers::take_problems() {
    std::vector<Problem> taken;
    taken.swap(problems_);
    return taken;
}

}  // namespace sharitories
