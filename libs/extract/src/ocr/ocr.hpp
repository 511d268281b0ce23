// OCR of table cells for the image path: a pool of Tesseract engines (one per
// worker thread) and the reading of one cell's crop into lines of text.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/extract/cell_grid.hpp"

namespace cv {
class Mat;
}

namespace ly::extract::ocr {

// How Tesseract splits an image into lines before reading them.
enum class Segmentation {
    kSingleBlock,  // one block of text, lines top to bottom (Tesseract PSM 6)
    kSparseText,   // scattered text, any order (PSM 11)
    kSingleLine,   // exactly one line (PSM 7)
};

// A word as Tesseract read it, in the coordinates of the image it was given.
struct RawWord {
    std::string text;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double confidence = 0;  // 0 … 1
};

struct RawLine {
    std::vector<RawWord> words;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// One Tesseract engine. Not thread-safe: one thread at a time, which the
// pool's leases guarantee.
class OcrEngine {
  public:
    ~OcrEngine();
    OcrEngine(const OcrEngine&) = delete;
    OcrEngine& operator=(const OcrEngine&) = delete;

    // Reads a prepared 8-bit grey image (dark text on a light ground), lines
    // top to bottom. The image is used as is: no crop, scale or rotation.
    Result<std::vector<RawLine>> Read(const cv::Mat& gray, Segmentation segmentation);

    // How many images this engine has read, for tests and statistics.
    std::int64_t reads() const { return reads_; }

  private:
    friend class OcrEnginePool;
    struct Impl;
    explicit OcrEngine(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
    std::int64_t reads_ = 0;
    bool serial_ = true;
};

struct EngineSettings {
    // The folder holding <language>.traineddata. Empty: $TESSDATA_PREFIX,
    // then the folders Debian's and other distributions' packages install to.
    std::string tessdata_dir;
    std::string language = "eng";
    // At most this many engines: one per worker thread, so one per core.
    // The first is started by Create; the others by StartAll, or when first
    // needed by the thread that needs them.
    int max_engines = 2;
    // Load Tesseract's word lists (system and frequent words). Off: the
    // timetables are full of names and abbreviations ("RWI", "PHSE",
    // "Joynes") that must stay as written; on the samples it changed no
    // cell's text either way.
    bool use_dictionary = false;
    // Let Tesseract spread each read over its own OpenMP threads. Off: with
    // one engine per core they only compete (cells read 3–5× slower on the
    // 2-core machine). Turning them off is process-wide (OpenMP has one such
    // setting), and nothing else of ours uses OpenMP.
    bool tesseract_threads = false;
};

// Thread-safe pool of engines. Acquire() lends one engine; the lease gives it
// back when destroyed. The pool must outlive every lease. Starting an engine
// takes 0.1–0.3 s: keep one pool per process, and create it on another thread
// while the page is decoded and its cells found if latency matters.
class OcrEnginePool {
  public:
    class Lease {
      public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        OcrEngine& operator*() const { return *engine_; }
        OcrEngine* operator->() const { return engine_; }

      private:
        friend class OcrEnginePool;
        Lease(OcrEnginePool* pool, OcrEngine* engine) : pool_(pool), engine_(engine) {}
        void Release();

        OcrEnginePool* pool_ = nullptr;
        OcrEngine* engine_ = nullptr;
    };

    // Finds the language data and starts the first engine. kNotFound when the
    // language data is missing, kInternal when Tesseract refuses to start.
    static Result<std::unique_ptr<OcrEnginePool>> Create(EngineSettings settings = {});
    ~OcrEnginePool();
    OcrEnginePool(const OcrEnginePool&) = delete;
    OcrEnginePool& operator=(const OcrEnginePool&) = delete;

    // Lends an idle engine; starts a new one while fewer than max_engines
    // exist; otherwise waits for a lease to end. kInternal if a new engine
    // fails to start.
    Result<Lease> Acquire();
    // The same without waiting: nothing when every engine is leased and no
    // more may start (or starting one failed).
    std::optional<Lease> TryAcquire();
    // Starts every engine not yet started, in parallel, and waits for them:
    // done ahead of the first page (while it is decoded and its cells found)
    // no read waits for an engine to start.
    Status StartAll();

    int max_engines() const { return settings_.max_engines; }
    int engines() const;  // started so far
    const std::string& tessdata_dir() const { return settings_.tessdata_dir; }

  private:
    explicit OcrEnginePool(EngineSettings settings) : settings_(std::move(settings)) {}
    Result<Lease> Take(bool wait);
    void Return(OcrEngine* engine);

    EngineSettings settings_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<OcrEngine>> engines_;
    std::vector<OcrEngine*> idle_;
    int starting_ = 0;
};

struct CellOptions {
    // Pixels dropped inside the box on every side, so the ruling lines at its
    // border are not read as 'l' or '|'. Lines thicker than this, or a bit
    // inside the box, are found and dropped as well.
    int inset = 2;
    // Whether lines along the crop's edges are ruling lines to drop. Not for
    // a box drawn tightly around loose text: there a letter's stem at its
    // edge ("T", "l") is as tall as the box and would go.
    bool drop_edge_lines = true;
    // Below this share of ink pixels (and below min_ink_pixels) a cell is
    // blank and Tesseract is not called.
    double blank_ink_ratio = 0.002;
    int min_ink_pixels = 12;
    // Text is scaled so its letters are about this many pixels tall (the
    // median height of the letters of the cell's smallest text, roughly the
    // capital height). 30 read the samples best (24: more misreads of small
    // digits; 36 and more: no better, and slower).
    double target_cap_height = 30;
    // Each group of text in the cell is one block: PSM 6 read the samples
    // best (sparse text, PSM 11, lost a quarter of the time cells).
    Segmentation segmentation = Segmentation::kSingleBlock;
    // Vertical text: a cell (or its ink) taller than tall_ratio × its width
    // is read turned a quarter (reading up, then down) before upright; any
    // other cell whose ink is not clearly wide is read turned as well when
    // its upright read's mean confidence is under retry_below_confidence. Of
    // the reads made, the best by confidence × letters read wins; a tall
    // cell's search stops at the first read of accept_confidence or more.
    bool try_rotations = true;
    double tall_ratio = 1.5;
    double retry_below_confidence = 0.7;
    double accept_confidence = 0.85;
};

// What a cell says. lines[i] are in reading order (top to bottom once the
// text is turned upright) with boxes in page coordinates and the mean of
// their words' confidences; words[i] are the words of lines[i], each with its
// own box and confidence (0 … 1). Text side by side at one height (a lesson
// number and its time) is one line.
struct CellText {
    std::vector<TextLine> lines;
    std::vector<std::vector<Word>> words;
    TextOrientation orientation = TextOrientation::kHorizontal;
    bool blank = false;    // too little ink to read: Tesseract was not called
    int engine_reads = 0;  // Tesseract calls spent on this cell

    std::string Text() const;  // lines joined with '\n'
};

// Reads the text inside cell_box (page pixels) of an 8-bit grey or binary
// page (BGR and BGRA are turned grey first). A box reaching outside the page
// is clipped to it. kInvalidArgument for an empty page or an unknown pixel type.
Result<CellText> RecognizeCell(OcrEngine& engine, const cv::Mat& page, const Box& cell_box,
                               const CellOptions& options = {});

// Reads many cells of one page on up to `threads` threads (the calling one
// and threads − 1 helpers, each with its own engine from the pool); results
// in the order of `boxes`. The first error stops the work and is returned.
// The caller must not hold a lease of `pool` meanwhile (with one engine it
// would wait for itself).
Result<std::vector<CellText>> RecognizeCells(OcrEnginePool& pool, const cv::Mat& page, std::span<const Box> boxes,
                                             const CellOptions& options = {}, int threads = 2);

}  // namespace ly::extract::ocr
