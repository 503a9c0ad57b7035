# libFuzzer targets. They need clang (-fsanitize=fuzzer) and the main build must not, so each
# component's fuzz/ folder is a CMake project of its own, built and run by CvcRunFuzzers.cmake:
# the main build only registers ctests that call it, and scripts/run-fuzzers.sh runs the same
# driver for longer. Conventions every fuzz/ folder follows:
#   fuzz/fuzz_<name>.cpp   one target per file, executable fuzz_<name>
#   fuzz/corpus/<name>/    its checked-in corpus (seeds, inputs that add coverage, former findings)
# This file serves both sides: the main build (cvc_add_fuzz_tests) and the fuzz projects
# (cvc_fuzz_project, cvc_fuzz_library, cvc_fuzz_target). Include it where it is used: the
# variables below are per directory.
get_filename_component(CVC_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)

# Brief CI runs: long enough to replay the corpus and mutate a little, short enough for every
# ctest run (scripts/run-fuzzers.sh is for real fuzzing).
set(CVC_FUZZ_SECONDS 10 CACHE STRING "Seconds each fuzz ctest fuzzes for (15 at most)")

# --- main build -----------------------------------------------------------------------------

# cvc_add_fuzz_tests(NAME kube DIR <fuzz folder>)
# Registers fuzz_<NAME>_build (builds the folder's project into <build>/fuzz/<NAME>) and one
# fuzz_<NAME>_<target> per fuzz_<target>.cpp, label "fuzz". Without clang nothing is registered,
# so the main build and its tests never need clang.
function(cvc_add_fuzz_tests)
  cmake_parse_arguments(F "" "NAME;DIR" "" ${ARGN})
  if(NOT CVC_BUILD_TESTS)
    return()
  endif()
  find_program(CVC_CLANGXX NAMES clang++ clang++-14)
  if(NOT CVC_CLANGXX)
    message(STATUS "fuzz tests of ${F_NAME}: skipped, no clang++")
    return()
  endif()
  set(driver ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/CvcRunFuzzers.cmake)
  set(args -DSOURCE_DIR=${F_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}/fuzz/${F_NAME})
  add_test(NAME fuzz_${F_NAME}_build COMMAND ${CMAKE_COMMAND} ${args} -DMODE=build -P ${driver})
  # One fuzz build at a time: each already uses both cores.
  set_tests_properties(fuzz_${F_NAME}_build PROPERTIES TIMEOUT 900 LABELS fuzz FIXTURES_SETUP fuzz_${F_NAME}
                       RESOURCE_LOCK cvc_fuzz_build)
  file(GLOB sources CONFIGURE_DEPENDS ${F_DIR}/fuzz_*.cpp)
  foreach(source IN LISTS sources)
    get_filename_component(target ${source} NAME_WE)
    string(REGEX REPLACE "^fuzz_" "" target ${target})
    add_test(NAME fuzz_${F_NAME}_${target}
             COMMAND ${CMAKE_COMMAND} ${args} -DMODE=run -DTARGET=${target} -DSECONDS=${CVC_FUZZ_SECONDS} -P ${driver})
    set_tests_properties(fuzz_${F_NAME}_${target} PROPERTIES TIMEOUT 90 LABELS fuzz FIXTURES_REQUIRED fuzz_${F_NAME})
  endforeach()
endfunction()

# --- fuzz projects ----------------------------------------------------------------------------

# The sanitizers every fuzz build uses: ASan and UBSan (UB aborts, so libFuzzer keeps the input).
set(CVC_FUZZ_SANITIZE -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)

# Settings of a fuzz project, after its project(): C++20, Qt's moc, executables in the build
# folder's top (where CvcRunFuzzers.cmake looks), and Qt with the components given.
macro(cvc_fuzz_project)
  set(CMAKE_CXX_STANDARD 20)
  set(CMAKE_CXX_STANDARD_REQUIRED ON)
  set(CMAKE_CXX_EXTENSIONS OFF)
  set(CMAKE_AUTOMOC ON)
  set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  find_package(Qt6 6.4 REQUIRED COMPONENTS ${ARGN})
endmacro()

# cvc_fuzz_library(name SOURCES a.cpp … [LIBS …] [INCLUDES dir …])
# The project code a target fuzzes: coverage and sanitizers, no libFuzzer main. Include
# directories default to the project's roots, so "json/kubetime.h" and the like work.
function(cvc_fuzz_library name)
  cmake_parse_arguments(L "" "" "SOURCES;LIBS;INCLUDES" ${ARGN})
  add_library(${name} STATIC ${L_SOURCES})
  target_include_directories(${name} PUBLIC ${CVC_ROOT}/core ${CVC_ROOT}/sandbox ${L_INCLUDES})
  target_compile_definitions(${name} PUBLIC QT_NO_KEYWORDS QT_USE_QSTRINGBUILDER)
  # -O1: ASan's recommendation, several times faster than -O0 while keeping stacks readable.
  target_compile_options(${name} PUBLIC -g -O1 -fsanitize=fuzzer-no-link ${CVC_FUZZ_SANITIZE})
  target_link_libraries(${name} PUBLIC ${L_LIBS})
endfunction()

# cvc_fuzz_target(name LIBS lib …): the executable fuzz_<name> from fuzz_<name>.cpp.
function(cvc_fuzz_target name)
  cmake_parse_arguments(T "" "" "LIBS;SOURCES" ${ARGN})
  add_executable(fuzz_${name} fuzz_${name}.cpp ${T_SOURCES})
  target_compile_options(fuzz_${name} PRIVATE -g -O1 -fsanitize=fuzzer ${CVC_FUZZ_SANITIZE})
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer ${CVC_FUZZ_SANITIZE})
  target_link_libraries(fuzz_${name} PRIVATE ${T_LIBS})
endfunction()
