# ctest driver for the libFuzzer targets of core/http (they need clang, so they live in a build of
# their own).
#   cmake -DSOURCE_DIR=<fuzz dir> -DBUILD_DIR=<dir> -DMODE=build -P run-fuzzers.cmake
#   cmake -DSOURCE_DIR=<fuzz dir> -DBUILD_DIR=<dir> -DMODE=run -DTARGET=requestparser [-DSECONDS=15]
#         [-DMAX_LEN=262144] -P run-fuzzers.cmake
# "run" fuzzes over a scratch copy of the checked-in corpus, so new inputs do not dirty the
# repository; every checked-in input (former findings included) is run again first.
if(MODE STREQUAL "build")
  find_program(CLANGXX NAMES clang++ clang++-14 REQUIRED)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G Ninja
                          -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=Debug
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the fuzzers failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} -j2 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the fuzzers failed")
  endif()
  return()
endif()

if(NOT SECONDS)
  set(SECONDS 15)
endif()
# Requests up to a quarter of a MiB: four times the 64 KiB head limit, so inputs reach past it.
if(NOT MAX_LEN)
  set(MAX_LEN 262144)
endif()
set(work ${BUILD_DIR}/corpus-${TARGET})
file(REMOVE_RECURSE ${work})
file(COPY ${SOURCE_DIR}/corpus/${TARGET}/ DESTINATION ${work})
execute_process(COMMAND ${BUILD_DIR}/fuzz_${TARGET} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
                        -max_len=${MAX_LEN} -print_final_stats=1 -artifact_prefix=${BUILD_DIR}/finding-${TARGET}- ${work}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_${TARGET} found a problem (exit ${rc}); the input is in ${BUILD_DIR}/finding-${TARGET}-*")
endif()
message(STATUS "fuzz_${TARGET}: ${SECONDS} s without a finding")
