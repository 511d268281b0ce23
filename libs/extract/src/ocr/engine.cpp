// Tesseract engines and their pool. The only file that includes Tesseract.
#include <dlfcn.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <future>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ocr/ocr.hpp"

namespace ly::extract::ocr {

namespace {

// Where distributions install Tesseract's language data.
constexpr const char* kTessdataDirs[] = {
    "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",  "/usr/share/tessdata",
    "/usr/local/share/tessdata",           "/usr/local/share/tesseract-ocr/tessdata", "/opt/homebrew/share/tessdata",
};

bool HasLanguage(const std::string& dir, const std::string& language) {
    std::error_code error;
    return !dir.empty() && std::filesystem::is_regular_file(dir + "/" + language + ".traineddata", error);
}

// The tessdata folder to use: the one asked for, else $TESSDATA_PREFIX (the
// folder itself, or its parent as Tesseract 3 had it), else a known folder.
Result<std::string> FindTessdata(const EngineSettings& settings) {
    const std::string file = settings.language + ".traineddata";
    if (!settings.tessdata_dir.empty()) {
        if (HasLanguage(settings.tessdata_dir, settings.language)) return settings.tessdata_dir;
        return MakeError(ErrorCode::kNotFound,
                         "OCR language data " + file + " is not in " + settings.tessdata_dir + ".");
    }
    std::vector<std::string> tried;
    if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix != nullptr && *prefix != '\0') {
        for (std::string dir : {std::string(prefix), std::string(prefix) + "/tessdata"}) {
            if (HasLanguage(dir, settings.language)) return dir;
            tried.push_back(dir);
        }
    }
    for (const char* dir : kTessdataDirs) {
        if (HasLanguage(dir, settings.language)) return std::string(dir);
        tried.emplace_back(dir);
    }
    std::string where;
    for (const std::string& dir : tried) where += (where.empty() ? "" : ", ") + dir;
    return MakeError(ErrorCode::kNotFound, "OCR language data " + file + " not found (looked in " + where +
                                               "). Install the Debian package tesseract-ocr-" + settings.language +
                                               " or set TESSDATA_PREFIX to the folder holding " + file + ".");
}

tesseract::PageSegMode ToPsm(Segmentation segmentation) {
    switch (segmentation) {
        case Segmentation::kSingleBlock:
            return tesseract::PSM_SINGLE_BLOCK;
        case Segmentation::kSparseText:
            return tesseract::PSM_SPARSE_TEXT;
        case Segmentation::kSingleLine:
            return tesseract::PSM_SINGLE_LINE;
    }
    return tesseract::PSM_SINGLE_BLOCK;
}

// Debian's Tesseract is built with OpenMP and runs each step of its LSTM on
// four threads. With one engine per core that only adds contention (the
// sample's cells read 3–5× slower on 2 cores), and the usual cure,
// OMP_THREAD_LIMIT=1, is read from the environment before main() runs.
// Allowing no active parallel levels makes every OpenMP region run on the
// calling thread. Looked up at run time: a Tesseract built without OpenMP
// has no such function, and we need not link libgomp ourselves.
void RunOpenMpSerially() {
    using SetMaxActiveLevels = void (*)(int);
    static const auto set_levels =
        reinterpret_cast<SetMaxActiveLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
    if (set_levels != nullptr) set_levels(0);
}

}  // namespace

struct OcrEngine::Impl {
    std::unique_ptr<tesseract::TessBaseAPI> api;
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() = default;

Result<std::vector<RawLine>> OcrEngine::Read(const cv::Mat& gray, Segmentation segmentation) {
    if (gray.empty() || gray.type() != CV_8UC1) {
        return MakeError(ErrorCode::kInvalidArgument, "OCR needs a non-empty 8-bit grey image.");
    }
    tesseract::TessBaseAPI& api = *impl_->api;
    ++reads_;
    if (serial_) RunOpenMpSerially();  // per call: the setting may be per thread
    api.SetPageSegMode(ToPsm(segmentation));
    api.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
    if (api.Recognize(nullptr) != 0) {
        api.Clear();
        return MakeError(ErrorCode::kInternal, "Tesseract could not read a cell image.");
    }
    std::vector<RawLine> lines;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (it != nullptr && !it->Empty(tesseract::RIL_WORD)) {
        do {
            if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || lines.empty()) {
                RawLine& line = lines.emplace_back();
                it->BoundingBox(tesseract::RIL_TEXTLINE, &line.x0, &line.y0, &line.x1, &line.y1);
            }
            std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
            if (text == nullptr || text[0] == '\0') continue;
            RawWord word;
            word.text = text.get();
            word.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.0, 0.0, 1.0);
            it->BoundingBox(tesseract::RIL_WORD, &word.x0, &word.y0, &word.x1, &word.y1);
            lines.back().words.push_back(std::move(word));
        } while (it->Next(tesseract::RIL_WORD));
    }
    api.Clear();
    std::erase_if(lines, [](const RawLine& line) { return line.words.empty(); });
    return lines;
}

OcrEnginePool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), engine_(std::exchange(other.engine_, nullptr)) {}

OcrEnginePool::Lease& OcrEnginePool::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        Release();
        pool_ = std::exchange(other.pool_, nullptr);
        engine_ = std::exchange(other.engine_, nullptr);
    }
    return *this;
}

OcrEnginePool::Lease::~Lease() { Release(); }

void OcrEnginePool::Lease::Release() {
    if (pool_ != nullptr && engine_ != nullptr) pool_->Return(engine_);
    pool_ = nullptr;
    engine_ = nullptr;
}

namespace {

Result<std::unique_ptr<tesseract::TessBaseAPI>> StartTesseract(const EngineSettings& settings) {
    // Init-only variables: word lists are loaded (or not) when the engine starts.
    const std::string dawgs = settings.use_dictionary ? "1" : "0";
    const std::vector<std::string> names = {"load_system_dawg", "load_freq_dawg"};
    const std::vector<std::string> values = {dawgs, dawgs};
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    try {
        if (api->Init(settings.tessdata_dir.c_str(), settings.language.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0,
                      &names, &values, false) != 0) {
            return MakeError(ErrorCode::kInternal, "Tesseract could not start with the language data in " +
                                                       settings.tessdata_dir + " (is " + settings.language +
                                                       ".traineddata complete and for Tesseract 4 or later?).");
        }
    } catch (const std::exception& e) {
        return MakeError(ErrorCode::kInternal, std::string("Tesseract could not start: ") + e.what());
    }
    // Cells come without a resolution; without one Tesseract guesses and
    // warns on every image. Polarity is settled before the engine sees a
    // cell, so its second read of unsure words inverted is never needed.
    api->SetVariable("user_defined_dpi", "300");
    api->SetVariable("tessedit_do_invert", "0");
    return api;
}

}  // namespace

Result<std::unique_ptr<OcrEnginePool>> OcrEnginePool::Create(EngineSettings settings) {
    if (settings.max_engines < 1) {
        return MakeError(ErrorCode::kInvalidArgument, "An OCR engine pool needs at least one engine.");
    }
    Result<std::string> dir = FindTessdata(settings);
    if (!dir) return dir.error();
    settings.tessdata_dir = std::move(dir).value();
    std::unique_ptr<OcrEnginePool> pool(new OcrEnginePool(std::move(settings)));
    // The first engine now, so a broken installation shows at once.
    Result<Lease> first = pool->Acquire();
    if (!first) return first.error();
    return pool;
}

OcrEnginePool::~OcrEnginePool() { assert(idle_.size() == engines_.size() && "an OCR engine is still leased"); }

int OcrEnginePool::engines() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(engines_.size());
}

Result<OcrEnginePool::Lease> OcrEnginePool::Acquire() { return Take(true); }

std::optional<OcrEnginePool::Lease> OcrEnginePool::TryAcquire() {
    Result<Lease> lease = Take(false);
    if (!lease) return std::nullopt;
    return std::move(lease).value();
}

Result<OcrEnginePool::Lease> OcrEnginePool::Take(bool wait) {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (!idle_.empty()) {
            OcrEngine* engine = idle_.back();
            idle_.pop_back();
            return Lease(this, engine);
        }
        if (static_cast<int>(engines_.size()) + starting_ < settings_.max_engines) break;
        if (!wait) return MakeError(ErrorCode::kInternal, "Every OCR engine is in use.");
        returned_.wait(lock);
    }
    // Start a new engine outside the lock: it takes a while, and other
    // threads may start theirs at the same time.
    ++starting_;
    lock.unlock();
    Result<std::unique_ptr<tesseract::TessBaseAPI>> api = StartTesseract(settings_);
    lock.lock();
    --starting_;
    if (!api) {
        returned_.notify_one();  // a waiter may start one itself
        return api.error();
    }
    auto impl = std::make_unique<OcrEngine::Impl>();
    impl->api = std::move(api).value();
    engines_.push_back(std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl))));
    engines_.back()->serial_ = !settings_.tesseract_threads;
    return Lease(this, engines_.back().get());
}

Status OcrEnginePool::StartAll() {
    // Idle engines are held meanwhile, so each Take below starts a new one.
    std::vector<Lease> held;
    int missing = 0;
    {
        std::lock_guard lock(mutex_);
        for (OcrEngine* engine : idle_) held.push_back(Lease(this, engine));
        idle_.clear();
        missing = settings_.max_engines - static_cast<int>(engines_.size()) - starting_;
    }
    std::vector<std::future<Result<Lease>>> started;
    for (int i = 0; i < missing; ++i) started.push_back(std::async(std::launch::async, [this] { return Take(false); }));
    Status status = Ok{};
    for (auto& future : started) {
        Result<Lease> lease = future.get();
        if (lease) {
            held.push_back(std::move(lease).value());
        } else if (status.ok()) {
            status = lease.error();
        }
    }
    return status;
}

void OcrEnginePool::Return(OcrEngine* engine) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(engine);
    }
    returned_.notify_one();
}

}  // namespace ly::extract::ocr
