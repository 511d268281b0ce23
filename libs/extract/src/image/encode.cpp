#include "image/encode.hpp"

#include <png.h>

#include <csetjmp>
#include <cstdint>

namespace ly::extract::image {
namespace {

void Append(png_structp png, png_bytep data, png_size_t size) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), size);
}
void Flush(png_structp) {}

}  // namespace

Result<std::string> EncodeGrayPng(std::string_view gray, int width, int height) {
    if (width <= 0 || height <= 0 ||
        gray.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        return MakeError(ErrorCode::kInvalidArgument, "a grey image of " + std::to_string(width) + "×" +
                                                          std::to_string(height) + " pixels needs as many bytes, not " +
                                                          std::to_string(gray.size()));
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
    if (info == nullptr) {
        png_destroy_write_struct(&png, nullptr);
        return MakeError(ErrorCode::kInternal, "no memory to encode a PNG");
    }
    std::string out;
    out.reserve(gray.size() / 2);
    // libpng reports errors by longjmp: nothing with a destructor is created between here and the end.
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return MakeError(ErrorCode::kInternal, "the image could not be encoded as PNG");
    }
    png_set_write_fn(png, &out, Append, Flush);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y) {
        const auto* row = reinterpret_cast<const std::uint8_t*>(gray.data()) + static_cast<std::size_t>(y) * width;
        png_write_row(png, const_cast<png_bytep>(row));  // libpng's API is not const; it only reads the row
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return out;
}

}  // namespace ly::extract::image
