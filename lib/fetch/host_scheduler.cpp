#include "fetch/host_scheduler.h"

#include <algorithm>

namespace sharitories {

HostScheduler::HostScheduler(int max_in_flight_total, HostLimits per_host)
    : max_in_flight_total_(std::max(1, max_in_flight_total)), defaults_(per_host) {
    defaults_.max_in_flight = std::max(1, defaults_.max_in_flight);
}

HostScheduler::Host& HostScheduler::host_state(const std::string& host) {
    auto [it, inserted] = hosts_.try_emplace(host);
    if (inserted) {
        it->second.min_gap = it->second.floor_gap = defaults_.min_gap;
        it->second.max_in_flight = defaults_.max_in_flight;
    }
    return it->second;
}

void HostScheduler::reindex(const std::string& host, Host& state) {
    if (state.indexed_at) {
        ready_index_.erase({*state.indexed_at, host});
        state.indexed_at.reset();
    }
    if (state.queue.empty() || state.in_flight >= state.max_in_flight) return;
    SteadyTime earliest = state.queue.begin()->first.first;
    if (state.last_start) earliest = std::max(earliest, *state.last_start + state.min_gap);
    if (state.held_until) earliest = std::max(earliest, *state.held_until);
    ready_index_.emplace(earliest, host);
    state.indexed_at = earliest;
}

void HostScheduler::push(const std::string& host, JobId job, SteadyTime not_before) {
    Host& state = host_state(host);
    state.queue.emplace(std::pair{not_before, arrivals_++}, job);
    ++queued_;
    reindex(host, state);
}

std::optional<HostScheduler::Start> HostScheduler::pop_ready(SteadyTime now) {
    if (in_flight_ >= max_in_flight_total_ || ready_index_.empty()) return std::nullopt;
    auto first = ready_index_.begin();
    if (first->first > now) return std::nullopt;
    const std::string host = first->second;
    Host& state = hosts_.at(host);
    auto job = state.queue.begin();
    Start start{host, job->second};
    state.queue.erase(job);
    --queued_;
    ++state.in_flight;
    ++in_flight_;
    state.last_start = now;
    reindex(host, state);
    return start;
}

void HostScheduler::finish(const std::string& host) {
    auto found = hosts_.find(host);
    if (found == hosts_.end() || found->second.in_flight == 0) return;
    --found->second.in_flight;
    --in_flight_;
    reindex(host, found->second);
}

void HostScheduler::set_min_gap(const std::string& host, Millis gap) {
    Host& state = host_state(host);
    state.min_gap = std::max(state.floor_gap, gap);
    reindex(host, state);
}

void HostScheduler::set_limits(const std::string& host, HostLimits limits) {
    Host& state = host_state(host);
    state.max_in_flight = std::max(1, limits.max_in_flight);
    state.min_gap = state.floor_gap = limits.min_gap;
    reindex(host, state);
}

void HostScheduler::hold(const std::string& host, SteadyTime until) {
    Host& state = host_state(host);
    state.held_until = std::max(state.held_until.value_or(until), until);
    reindex(host, state);
}

std::optional<SteadyTime> HostScheduler::next_ready_time() const {
    if (ready_index_.empty() || in_flight_ >= max_in_flight_total_) return std::nullopt;
    return ready_index_.begin()->first;
}

std::vector<HostScheduler::JobId> HostScheduler::drop_host(const std::string& host) {
    std::vector<JobId> dropped;
    auto found = hosts_.find(host);
    if (found == hosts_.end()) return dropped;
    for (const auto& [key, job] : found->second.queue) dropped.push_back(job);
    queued_ -= found->second.queue.size();
    found->second.queue.clear();
    reindex(host, found->second);
    return dropped;
}

}  // namespace sharitories
