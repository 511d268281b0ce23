// What one step hands the next inside a process: prepared page images and page grids, too large for the
// execution's JSON. Bounded and forgettable: a step that misses recomputes from the upload (after a restart,
// or on another worker), so nothing here needs to be durable.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "ly/extract/cell_grid.hpp"
#include "ly/extract/readers.hpp"

namespace ly::pipeline {

class Intermediates {
  public:
    explicit Intermediates(std::size_t capacity = 8) : capacity_(capacity) {}

    void PutPrepared(const std::string& key, std::shared_ptr<const extract::PreparedImage> image);
    std::shared_ptr<const extract::PreparedImage> Prepared(const std::string& key);
    void PutGrid(const std::string& key, std::shared_ptr<const extract::CellGrid> grid);
    std::shared_ptr<const extract::CellGrid> Grid(const std::string& key);
    void Forget(const std::string& key_prefix);  // a document done with

  private:
    struct Entry {
        std::string key;
        std::shared_ptr<const extract::PreparedImage> prepared;
        std::shared_ptr<const extract::CellGrid> grid;
    };
    void Put(Entry entry);
    Entry* Find(const std::string& key);  // moves it to the front; caller holds mutex_

    std::size_t capacity_;
    std::mutex mutex_;
    std::list<Entry> entries_;  // most recently used first; guarded by mutex_
};

}  // namespace ly::pipeline
