# Project-wide policy lives on interface targets, never on directories.
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

add_library(liqheat_options INTERFACE)
add_library(liqheat::options ALIAS liqheat_options)
target_compile_features(liqheat_options INTERFACE cxx_std_20)

add_library(liqheat_warnings INTERFACE)
add_library(liqheat::warnings ALIAS liqheat_warnings)
if(MSVC)
    target_compile_options(liqheat_warnings INTERFACE /W4 /permissive-)
else()
    target_compile_options(liqheat_warnings INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
        -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion
        -Wimplicit-fallthrough)
endif()

if(LIQHEAT_BUILD_FUZZ)
    # The core linked into fuzz targets must carry the fuzzer's coverage and sanitizers too.
    target_compile_options(liqheat_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    target_link_options(liqheat_options INTERFACE -fsanitize=address,undefined)
endif()

option(LIQHEAT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(LIQHEAT_SANITIZE AND NOT MSVC)
    target_compile_options(liqheat_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(liqheat_options INTERFACE -fsanitize=address,undefined)
endif()
