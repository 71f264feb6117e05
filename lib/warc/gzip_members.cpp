#include "warc/gzip_members.h"

#include <zlib.h>
#include <unistd.h>
#ifdef SHARITORIES_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

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

/// One member's inflation, step by step: what was read and written, and whether the member ended or
/// is damaged.
class GzipMembers::Inflater {
public:
    struct Step {
        std::size_t consumed = 0, produced = 0;
        bool member_end = false;
        std::string damage;  ///< why the member cannot be read, or ""
    };
    virtual ~Inflater() = default;
    /// Starts a new member.
    virtual void reset() = 0;
    virtual Step inflate(const unsigned char* in, std::size_t in_size, char* out, std::size_t out_size) = 0;
};

class GzipMembers::ZlibInflater final : public GzipMembers::Inflater {
public:
    ZlibInflater() {
        // 16 + MAX_WBITS: a gzip wrapper only (header and CRC-32/ISIZE trailer checked)
        if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
    }
    ~ZlibInflater() override { inflateEnd(&stream_); }
    ZlibInflater(const ZlibInflater&) = delete;
    ZlibInflater& operator=(const ZlibInflater&) = delete;

    void reset() override { inflateReset(&stream_); }
    Step inflate(const unsigned char* in, std::size_t in_size, char* out, std::size_t out_size) override {
        stream_.next_in = const_cast<Bytef*>(in);
        stream_.avail_in = static_cast<uInt>(std::min<std::size_t>(in_size, 1u << 30));
        stream_.next_out = reinterpret_cast<Bytef*>(out);
        stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(out_size, 1u << 30));
        const uInt given_in = stream_.avail_in, given_out = stream_.avail_out;
        const int rc = ::inflate(&stream_, Z_NO_FLUSH);
        Step step{given_in - stream_.avail_in, given_out - stream_.avail_out, rc == Z_STREAM_END, ""};
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            step.damage = stream_.msg != nullptr ? stream_.msg : "zlib error " + std::to_string(rc);
        return step;
    }

private:
    z_stream stream_{};
};

#ifdef SHARITORIES_HAVE_ISAL
class GzipMembers::IsalInflater final : public GzipMembers::Inflater {
public:
    IsalInflater() : state_(std::make_unique<inflate_state>()) { reset(); }
    void reset() override {
        isal_inflate_init(state_.get());
        state_->crc_flag = ISAL_GZIP;  // the gzip header parsed, the CRC-32 checked, as zlib does
    }
    Step inflate(const unsigned char* in, std::size_t in_size, char* out, std::size_t out_size) override {
        state_->next_in = const_cast<std::uint8_t*>(in);
        state_->avail_in = static_cast<std::uint32_t>(std::min<std::size_t>(in_size, 1u << 30));
        state_->next_out = reinterpret_cast<std::uint8_t*>(out);
        state_->avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(out_size, 1u << 30));
        const std::uint32_t given_in = state_->avail_in, given_out = state_->avail_out;
        const int rc = isal_inflate(state_.get());
        Step step{given_in - state_->avail_in, given_out - state_->avail_out, state_->block_state == ISAL_BLOCK_FINISH, ""};
        if (rc < 0) step.damage = why(rc);
        return step;
    }

private:
    static std::string why(int rc) {
        switch (rc) {
            case ISAL_INVALID_BLOCK: return "invalid block";
            case ISAL_INVALID_SYMBOL: return "invalid symbol";
            case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
            case ISAL_INVALID_WRAPPER: return "invalid gzip header";
            case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
            case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
            default: return "igzip error " + std::to_string(rc);
        }
    }
    std::unique_ptr<inflate_state> state_;  // 20 KiB of tables: on the heap
};
#endif

InflateEngine default_inflate_engine() {
#ifdef SHARITORIES_HAVE_ISAL
    return InflateEngine::isa_l;
#else
    return InflateEngine::zlib;
#endif
}

bool has_inflate_engine(InflateEngine engine) {
#ifdef SHARITORIES_HAVE_ISAL
    (void)engine;
    return true;
#else
    return engine == InflateEngine::zlib;
#endif
}

GzipMembers::GzipMembers(ByteSource source, InflateEngine engine)
    : source_(std::move(source)), engine_(engine), input_(input_capacity) {
    if (!has_inflate_engine(engine)) throw std::invalid_argument("this build has no ISA-L: inflate with zlib");
}
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
    if (!inflater_) {
#ifdef SHARITORIES_HAVE_ISAL
        if (engine_ == InflateEngine::isa_l) inflater_ = std::make_unique<IsalInflater>();
#endif
        if (!inflater_) inflater_ = std::make_unique<ZlibInflater>();
    } else {
        inflater_->reset();
    }
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
        const auto step = inflater_->inflate(&input_[input_pos_], input_end_ - input_pos_, out, size);
        input_pos_ += step.consumed;
        position_ += step.produced;
        if (!step.damage.empty()) {
            skip_to_next_member(
                fmt::format("the gzip member at offset {} is damaged ({})", members_.back().input_offset, step.damage));
            if (step.produced > 0) return step.produced;
            continue;
        }
        if (step.member_end) {
            in_member_ = false;
            if (step.produced > 0) return step.produced;
            continue;
        }
        if (step.produced > 0) return step.produced;
        if (step.consumed == 0 && input_pos_ < input_end_ && !fill_input()) {  // no progress: it wants more
            skip_to_next_member(fmt::format("the gzip member at offset {} is cut short", members_.back().input_offset));
            return 0;
        }
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
