# ly_library(NAME SOURCES ... PUBLIC_DEPS ... PRIVATE_DEPS ...)
#   A library of ours: public headers in include/, sources in src/, strict
#   warnings. PRIVATE deps keep third-party headers out of our public API.
# ly_test(NAME SOURCES ... DEPS ... [LABELS ...])
#   A GoogleTest binary registered with CTest.

set(LY_WARNINGS -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wpedantic)

function(ly_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                       PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_options(${name} PRIVATE ${LY_WARNINGS})
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# ly_embed_text(OUT_SOURCE INPUT file NAMESPACE ns FUNCTION name): a generated C++ source defining
# `std::string_view ns::name()` with the file's bytes (cmake/EmbedText.cmake), rebuilt when the file changes; its
# path is set in OUT_SOURCE for the library's SOURCES.
function(ly_embed_text out_source)
    cmake_parse_arguments(ARG "" "INPUT;NAMESPACE;FUNCTION" "" ${ARGN})
    get_filename_component(input_name ${ARG_INPUT} NAME)
    set(output ${CMAKE_CURRENT_BINARY_DIR}/generated/${ARG_FUNCTION}.cpp)
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${CMAKE_COMMAND} -DINPUT=${ARG_INPUT} -DOUTPUT=${output}
                -DNAMESPACE=${ARG_NAMESPACE} -DFUNCTION=${ARG_FUNCTION} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
        DEPENDS ${ARG_INPUT} ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
        COMMENT "Embedding ${input_name}"
        VERBATIM)
    set(${out_source} ${output} PARENT_SCOPE)
endfunction()

function(ly_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE ${LY_WARNINGS})
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)  # ly/testing/: shared test helpers
    target_compile_definitions(${name} PRIVATE
        LY_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        LY_SAMPLES_DIR="${PROJECT_SOURCE_DIR}/../shared/samples")
    add_test(NAME ${name} COMMAND ${name})
    if(ARG_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()
