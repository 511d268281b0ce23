# cmake -DINPUT=file -DOUTPUT=file.cpp -DNAMESPACE=ly::api -DFUNCTION=Name -P EmbedText.cmake
#   Writes OUTPUT, a C++ source defining `std::string_view NAMESPACE::FUNCTION()` that returns INPUT's bytes:
#   a file embedded in the binary at build time, so nothing is looked up at run time. Bytes as hex, so any
#   content (quotes, backslashes, ")delim") compiles.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line keeps the generated file readable (CMake's regular expressions have no {16}).
set(sixteen_bytes "")
foreach(i RANGE 15)
    string(APPEND sixteen_bytes "0x[0-9a-f][0-9a-f],")
endforeach()
string(REGEX REPLACE "(${sixteen_bytes})" "\\1\n    " bytes "${bytes}")
get_filename_component(input_name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${input_name} by cmake/EmbedText.cmake at build time: do not edit.
#include <string_view>

namespace ${NAMESPACE} {
namespace {
// Unsigned, as bytes over 0x7f do not fit a char's initialiser; one more than the text: a trailing NUL, so an
// empty file still makes a valid array.
constexpr unsigned char kBytes[] = {
    ${bytes}0x00};
}  // namespace

std::string_view ${FUNCTION}() { return std::string_view(reinterpret_cast<const char*>(kBytes), ${size}); }

}  // namespace ${NAMESPACE}
")
# Only a changed text rewrites the source, so an unchanged document recompiles nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
