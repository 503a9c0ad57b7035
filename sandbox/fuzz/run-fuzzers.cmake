# ctest driver for the sandbox's libFuzzer targets (they need clang, so they live in a build of
# their own).
#   cmake -DSOURCE_DIR=<this dir> -DBUILD_DIR=<dir> -DMODE=build -P run-fuzzers.cmake
#   cmake -DSOURCE_DIR=<this dir> -DBUILD_DIR=<dir> -DMODE=run -DTARGET=jsonpath [-DSECONDS=15]
#         [-DMAX_LEN=262144] [-DRSS_LIMIT_MB=2048] -P run-fuzzers.cmake
# "run" fuzzes over a scratch copy of the checked-in corpus, so new inputs do not dirty the
# repository. Inputs reach 256 KiB by default: the depth and size bugs these targets guard
# against (a 240 KB printer column, copy amplification) need that much.
if(MODE STREQUAL "build")
  find_program(CLANGXX NAMES clang++ clang++-14 REQUIRED)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G Ninja
                          -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=Debug
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the sandbox fuzzers failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} -j2 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the sandbox fuzzers failed")
  endif()
  return()
endif()

if(NOT SECONDS)
  set(SECONDS 15)
endif()
if(NOT MAX_LEN)
  set(MAX_LEN 262144)
endif()
if(NOT RSS_LIMIT_MB)
  set(RSS_LIMIT_MB 2048)
endif()
set(work ${BUILD_DIR}/corpus-${TARGET})
file(REMOVE_RECURSE ${work})
file(COPY ${SOURCE_DIR}/corpus/${TARGET}/ DESTINATION ${work})
execute_process(COMMAND ${BUILD_DIR}/fuzz_${TARGET} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=${RSS_LIMIT_MB}
                        -max_len=${MAX_LEN} -print_final_stats=1 -artifact_prefix=${BUILD_DIR}/finding-${TARGET}- ${work}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_${TARGET} found a problem (exit ${rc}); the input is in ${BUILD_DIR}/finding-${TARGET}-*")
endif()
message(STATUS "fuzz_${TARGET}: ${SECONDS} s without a finding")
