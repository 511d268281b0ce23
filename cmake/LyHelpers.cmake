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
