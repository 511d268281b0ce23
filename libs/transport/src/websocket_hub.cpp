#include "ly/transport/websocket_hub.hpp"

#include <algorithm>

#include "websocket_session.hpp"

namespace ly::transport {

std::vector<std::shared_ptr<WebSocketPeer>> WebSocketHub::PeersOf(std::string_view user_id) const {
    std::vector<std::shared_ptr<WebSocketPeer>> peers;
    const std::lock_guard lock(mutex_);
    const auto found = peers_.find(user_id);
    if (found == peers_.end()) return peers;
    for (const auto& weak : found->second) {
        if (auto peer = weak.lock()) peers.push_back(std::move(peer));
    }
    return peers;
}

std::size_t WebSocketHub::Push(std::string_view user_id, std::string json_text) {
    // One copy of the text, shared by every connection's queue.
    const auto text = std::make_shared<const std::string>(std::move(json_text));
    const auto peers = PeersOf(user_id);
    for (const auto& peer : peers) peer->Send(text);  // outside the lock: Send only posts
    return peers.size();
}

std::size_t WebSocketHub::Count() const {
    const std::lock_guard lock(mutex_);
    return count_;
}

std::size_t WebSocketHub::Count(std::string_view user_id) const {
    const std::lock_guard lock(mutex_);
    const auto found = peers_.find(user_id);
    return found == peers_.end() ? 0 : found->second.size();
}

std::size_t WebSocketHub::Close(std::string_view user_id) {
    const auto peers = PeersOf(user_id);
    for (const auto& peer : peers) peer->Close(kClosePolicyViolation, "the session has ended");
    return peers.size();
}

void WebSocketHub::CloseAll() {
    std::vector<std::shared_ptr<WebSocketPeer>> peers;
    {
        const std::lock_guard lock(mutex_);
        closed_ = true;
        for (const auto& [user, list] : peers_) {
            for (const auto& weak : list) {
                if (auto peer = weak.lock()) peers.push_back(std::move(peer));
            }
        }
    }
    for (const auto& peer : peers) peer->Close(kCloseGoingAway, "the server is shutting down");
}

WebSocketHub::JoinOutcome WebSocketHub::Join(const std::string& user_id, const std::shared_ptr<WebSocketPeer>& peer,
                                             std::size_t max_per_user) {
    const std::lock_guard lock(mutex_);
    if (closed_) return JoinOutcome::kHubClosed;
    auto& list = peers_[user_id];
    if (list.size() >= max_per_user) {
        if (list.empty()) peers_.erase(user_id);
        return JoinOutcome::kUserFull;
    }
    list.push_back(peer);
    ++count_;
    return JoinOutcome::kJoined;
}

void WebSocketHub::Leave(const std::string& user_id, const WebSocketPeer* peer) {
    const std::lock_guard lock(mutex_);
    const auto found = peers_.find(user_id);
    if (found == peers_.end()) return;
    auto& list = found->second;
    // The peer is being destroyed or has ended, so its weak_ptr may already be expired: compare owners, not
    // pointers from lock().
    const auto before = list.size();
    std::erase_if(list, [peer](const std::weak_ptr<WebSocketPeer>& weak) {
        const auto locked = weak.lock();
        return !locked || locked.get() == peer;
    });
    count_ -= before - list.size();
    if (list.empty()) peers_.erase(found);
}

}  // namespace ly::transport
