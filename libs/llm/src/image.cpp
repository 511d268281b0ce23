#include "ly/llm/image.hpp"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ly::llm {
namespace {

void AppendToString(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// Each target pixel is the mean of the source pixels it covers (a box filter): text stays legible where
// nearest-neighbour sampling would drop thin strokes.
std::vector<unsigned char> ScaleToRgb(std::string_view bgr, int width, int height, int out_width, int out_height) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(out_width) * out_height * 3);
    const auto* src = reinterpret_cast<const unsigned char*>(bgr.data());
    if (out_width == width && out_height == height) {
        for (std::size_t i = 0; i < rgb.size(); i += 3) {
            rgb[i] = src[i + 2];
            rgb[i + 1] = src[i + 1];
            rgb[i + 2] = src[i];
        }
        return rgb;
    }
    std::vector<int> x0(out_width + 1);
    for (int x = 0; x <= out_width; ++x) x0[x] = static_cast<int>(static_cast<long>(x) * width / out_width);
    std::vector<std::uint32_t> sums(static_cast<std::size_t>(out_width) * 3);
    for (int y = 0; y < out_height; ++y) {
        const int y_begin = static_cast<int>(static_cast<long>(y) * height / out_height);
        const int y_end = std::max(y_begin + 1, static_cast<int>(static_cast<long>(y + 1) * height / out_height));
        std::fill(sums.begin(), sums.end(), 0);
        for (int sy = y_begin; sy < y_end; ++sy) {
            const unsigned char* row = src + static_cast<std::size_t>(sy) * width * 3;
            for (int x = 0; x < out_width; ++x) {
                const int end = std::max(x0[x] + 1, x0[x + 1]);
                std::uint32_t b = 0, g = 0, r = 0;
                for (int sx = x0[x]; sx < end; ++sx) {
                    b += row[sx * 3];
                    g += row[sx * 3 + 1];
                    r += row[sx * 3 + 2];
                }
                sums[x * 3] += r;
                sums[x * 3 + 1] += g;
                sums[x * 3 + 2] += b;
            }
        }
        unsigned char* out = rgb.data() + static_cast<std::size_t>(y) * out_width * 3;
        for (int x = 0; x < out_width; ++x) {
            const auto area = static_cast<std::uint32_t>((y_end - y_begin) * std::max(1, x0[x + 1] - x0[x]));
            for (int c = 0; c < 3; ++c) out[x * 3 + c] = static_cast<unsigned char>(sums[x * 3 + c] / area);
        }
    }
    return rgb;
}

}  // namespace

Result<Attachment> PagePng(std::string_view bgr, int width, int height, const ImageLimits& limits) {
    if (width <= 0 || height <= 0 || bgr.size() != static_cast<std::size_t>(width) * height * 3) {
        return MakeError(ErrorCode::kInvalidArgument, "the page's pixels do not match its size");
    }
    double scale = std::min(1.0, static_cast<double>(limits.max_long_side) / std::max(width, height));
    const double pixels = static_cast<double>(width) * height * scale * scale;
    if (pixels > static_cast<double>(limits.max_pixels)) scale *= std::sqrt(limits.max_pixels / pixels);
    const int out_width = std::max(1, static_cast<int>(width * scale));
    const int out_height = std::max(1, static_cast<int>(height * scale));
    std::vector<unsigned char> rgb = ScaleToRgb(bgr, width, height, out_width, out_height);

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
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_IHDR(png, info, static_cast<png_uint_32>(out_width), static_cast<png_uint_32>(out_height), 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < out_height; ++y) png_write_row(png, rgb.data() + static_cast<std::size_t>(y) * out_width * 3);
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
