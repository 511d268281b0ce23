#include "ly/pipeline/intermediates.hpp"

namespace ly::pipeline {

void Intermediates::Put(Entry entry) {
    std::lock_guard lock(mutex_);
    entries_.remove_if([&](const Entry& e) { return e.key == entry.key; });
    entries_.push_front(std::move(entry));
    while (entries_.size() > capacity_) entries_.pop_back();
}

Intermediates::Entry* Intermediates::Find(const std::string& key) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->key == key) {
            entries_.splice(entries_.begin(), entries_, it);
            return &entries_.front();
        }
    }
    return nullptr;
}

void Intermediates::PutPrepared(const std::string& key, std::shared_ptr<const extract::PreparedImage> image) {
    Put(Entry{key, std::move(image), nullptr});
}

std::shared_ptr<const extract::PreparedImage> Intermediates::Prepared(const std::string& key) {
    std::lock_guard lock(mutex_);
    Entry* entry = Find(key);
    return entry != nullptr ? entry->prepared : nullptr;
}

void Intermediates::PutGrid(const std::string& key, std::shared_ptr<const extract::CellGrid> grid) {
    Put(Entry{key, nullptr, std::move(grid)});
}

std::shared_ptr<const extract::CellGrid> Intermediates::Grid(const std::string& key) {
    std::lock_guard lock(mutex_);
    Entry* entry = Find(key);
    return entry != nullptr ? entry->grid : nullptr;
}

void Intermediates::Forget(const std::string& key_prefix) {
    std::lock_guard lock(mutex_);
    entries_.remove_if([&](const Entry& e) { return e.key.rfind(key_prefix, 0) == 0; });
}

}  // namespace ly::pipeline
