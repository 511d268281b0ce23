#include "ly/llm/image.hpp"

#include <png.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ly::llm {
namespace {

void AppendToString(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// Each target pixel is the mean of the source pixels it covers (OpenCV's area interpolation): text stays
// legible where nearest-neighbour sampling would drop thin strokes. BGR comes out as RGB.
std::vector<unsigned char> Scale(std::string_view pixels, int width, int height, int channels, int out_width,
                                 int out_height) {
    // The engine's page, borrowed read-only: cv::Mat takes a non-const pointer but nothing writes through it.
    const cv::Mat page(height, width, channels == 3 ? CV_8UC3 : CV_8UC1,
                       const_cast<char*>(pixels.data()));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    std::vector<unsigned char> out(static_cast<std::size_t>(out_width) * out_height * channels);
    cv::Mat scaled(out_height, out_width, page.type(), out.data());
    if (out_width == width && out_height == height) {
        page.copyTo(scaled);
    } else {
        cv::resize(page, scaled, scaled.size(), 0, 0, cv::INTER_AREA);
    }
    if (channels == 3) cv::cvtColor(scaled, scaled, cv::COLOR_BGR2RGB);
    return out;
}

}  // namespace

Result<Attachment> PagePng(std::string_view pixels, int width, int height, int channels, const ImageLimits& limits) {
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) ||
        pixels.size() != static_cast<std::size_t>(width) * height * channels) {
        return MakeError(ErrorCode::kInvalidArgument, "the page's pixels do not match its size");
    }
    double scale = std::min(1.0, static_cast<double>(limits.max_long_side) / std::max(width, height));
    const double area = static_cast<double>(width) * height * scale * scale;
    if (area > static_cast<double>(limits.max_pixels)) scale *= std::sqrt(limits.max_pixels / area);
    const int out_width = std::max(1, static_cast<int>(width * scale));
    const int out_height = std::max(1, static_cast<int>(height * scale));
    std::vector<unsigned char> rgb = Scale(pixels, width, height, channels, out_width, out_height);

    Attachment image{"image/png", {}, out_width, out_height};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
    if (png == nullptr || info == nullptr) {
        png_destroy_write_struct(&png, &info);
        return MakeError(ErrorCode::kInternal, "libpng could not start");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return MakeError(ErrorCode::kInternal, "libpng could not encode the page");
    }
    png_set_write_fn(png, &image.bytes, AppendToString, nullptr);
    // Fast rather than small: the upload is a few hundred kilobytes either way, and this runs per call.
    // Run-length deflate: a page is mostly long runs of paper, which it packs as well as level 1 in a fraction of
    // the time (this runs per call; see bench/llm_benchmark).
    png_set_compression_level(png, 1);
    png_set_compression_strategy(png, 3 /* Z_RLE */);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_IHDR(png, info, static_cast<png_uint_32>(out_width), static_cast<png_uint_32>(out_height), 8,
                 channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < out_height; ++y) png_write_row(png, rgb.data() + static_cast<std::size_t>(y) * out_width * channels);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return image;
}

std::int64_t AnthropicImageTokens(int width, int height) {
    return (static_cast<std::int64_t>(width) * height + 749) / 750;
}

std::int64_t OpenAiImageTokens(int width, int height) {
    if (width <= 0 || height <= 0) return 0;
    double w = width, h = height;
    if (const double fit = 2048.0 / std::max(w, h); fit < 1) {
        w *= fit;
        h *= fit;
    }
    if (const double shorter = 768.0 / std::min(w, h); shorter < 1) {
        w *= shorter;
        h *= shorter;
    }
    const auto tiles = static_cast<std::int64_t>(std::ceil(w / 512) * std::ceil(h / 512));
    return 85 + 170 * tiles;
}

}  // namespace ly::llm
