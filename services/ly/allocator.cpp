// The process's allocator settings. mimalloc replaces malloc (linked first, see CMakeLists.txt); this object file
// is linked into every program that runs the extraction engine with it (ly, bench/extract_benchmark).
#include <mimalloc.h>

namespace {

// mimalloc 2.0 gives a freed page back to the OS 25 ms after it empties. Tesseract and OpenCV free and allocate
// large buffers all through a document, so pages kept going back to the OS and being faulted in again: two
// threads extracting read ~10 % fewer documents per second than with glibc's malloc. Keeping them for a second
// measured as fast as glibc or faster (extract_benchmark --throughput on 30 sample copies, 3 rounds each), and
// an idle service still gives its memory back.
const bool kDecommitDelaySet = [] {
    mi_option_set(mi_option_decommit_delay, 1000);
    return true;
}();

}  // namespace
