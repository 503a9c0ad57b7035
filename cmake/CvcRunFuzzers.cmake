# The one driver for every libFuzzer target (see CvcFuzz.cmake): the ctests call it for brief runs,
# scripts/run-fuzzers.sh for long ones.
#   cmake -DMODE=build -DSOURCE_DIR=<fuzz folder> -DBUILD_DIR=<dir> [-DJOBS=2] -P CvcRunFuzzers.cmake
#   cmake -DMODE=run -DSOURCE_DIR=<fuzz folder> -DBUILD_DIR=<dir> -DTARGET=<name> [-DSECONDS=10]
#         [-DMAX_LEN=262144] [-DRSS_LIMIT_MB=2048] [-DTIMEOUT=10] [-DMERGE=ON] [-DKEEP_FINDINGS=ON]
#         [-DSUMMARY_FILE=<file>] -P CvcRunFuzzers.cmake
# "run" replays the checked-in corpus (former findings included), then fuzzes; new inputs go to a
# scratch folder so a run never dirties the repository unless asked: MERGE adds the scratch
# inputs that bring new coverage to the corpus (libFuzzer -merge=1), KEEP_FINDINGS copies every
# crash, leak, timeout and out-of-memory input there as a regression input. SUMMARY_FILE gets one
# line "target;seconds;execs;new;merged;findings;finding files" for the caller to print.
cmake_minimum_required(VERSION 3.25)

foreach(required SOURCE_DIR BUILD_DIR MODE)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "CvcRunFuzzers.cmake needs -D${required}=…")
  endif()
endforeach()

if(MODE STREQUAL "build")
  find_program(CLANGXX NAMES clang++ clang++-14)
  if(NOT CLANGXX)
    message(FATAL_ERROR "the fuzz targets need clang++ (Debian: apt-get install clang)")
  endif()
  if(NOT JOBS)
    set(JOBS 2)
  endif()
  set(configure -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=Debug)
  find_program(NINJA ninja)
  if(NINJA)
    list(APPEND configure -G Ninja)
  endif()
  find_program(CCACHE ccache)
  if(CCACHE)
    list(APPEND configure -DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE})
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} ${configure} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the fuzz targets of ${SOURCE_DIR} failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} -j${JOBS} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the fuzz targets of ${SOURCE_DIR} failed")
  endif()
  return()
endif()

if(NOT MODE STREQUAL "run" OR NOT TARGET)
  message(FATAL_ERROR "MODE is build or run; run needs -DTARGET=<name>")
endif()
if(NOT SECONDS)
  set(SECONDS 10)
endif()
# A quarter of a MiB: depth and size bugs (a 240 KB printer column, patch amplification, a
# 64 KiB request head and beyond) need inputs that large.
if(NOT MAX_LEN)
  set(MAX_LEN 262144)
endif()
if(NOT RSS_LIMIT_MB)
  set(RSS_LIMIT_MB 2048)
endif()
if(NOT TIMEOUT)
  set(TIMEOUT 10)
endif()

set(fuzzer ${BUILD_DIR}/fuzz_${TARGET})
set(corpus ${SOURCE_DIR}/corpus/${TARGET})
set(scratch ${BUILD_DIR}/scratch/${TARGET})
set(findings ${BUILD_DIR}/findings/${TARGET})
set(log ${BUILD_DIR}/logs/fuzz_${TARGET}.log)
if(NOT EXISTS ${fuzzer})
  message(FATAL_ERROR "${fuzzer} is not built (MODE=build first)")
endif()
if(NOT IS_DIRECTORY ${corpus})
  message(FATAL_ERROR "fuzz_${TARGET} has no checked-in corpus (${corpus})")
endif()
file(REMOVE_RECURSE ${scratch} ${findings})
file(MAKE_DIRECTORY ${scratch} ${findings} ${BUILD_DIR}/logs)
set(limits -max_len=${MAX_LEN} -rss_limit_mb=${RSS_LIMIT_MB} -timeout=${TIMEOUT})

string(TIMESTAMP started "%s" UTC)
# The scratch folder comes first: libFuzzer writes new inputs to its first folder only.
execute_process(COMMAND ${fuzzer} -max_total_time=${SECONDS} ${limits} -print_final_stats=1
                        -artifact_prefix=${findings}/ ${scratch} ${corpus}
                OUTPUT_FILE ${log} ERROR_FILE ${log} RESULT_VARIABLE rc)
string(TIMESTAMP finished "%s" UTC)
math(EXPR elapsed "${finished} - ${started}")

# Executions: the final stats, or after a finding (no stats then) the last progress line "#<n>".
file(STRINGS ${log} progress REGEX "^(#[0-9]+|stat::number_of_executed_units:)")
set(execs 0)
foreach(line IN LISTS progress)
  if(line MATCHES "^(#|stat::number_of_executed_units: )([0-9]+)")
    set(execs ${CMAKE_MATCH_2})
  endif()
endforeach()
file(GLOB fresh ${scratch}/*)
list(LENGTH fresh added)

# What libFuzzer leaves for a finding; slow-unit- inputs finished within the timeout, so they are not.
file(GLOB artifacts ${findings}/crash-* ${findings}/leak-* ${findings}/timeout-* ${findings}/oom-*)
list(LENGTH artifacts found)
set(kept "")
if(KEEP_FINDINGS)
  foreach(artifact IN LISTS artifacts)
    get_filename_component(name ${artifact} NAME)
    file(COPY ${artifact} DESTINATION ${corpus})
    list(APPEND kept ${corpus}/${name})
  endforeach()
else()
  set(kept ${artifacts})
endif()

set(merged 0)
if(MERGE AND fresh)
  file(GLOB before ${corpus}/*)
  list(LENGTH before countBefore)
  execute_process(COMMAND ${fuzzer} -merge=1 ${limits} ${corpus} ${scratch}
                  OUTPUT_FILE ${log}.merge ERROR_FILE ${log}.merge RESULT_VARIABLE mergeRc)
  if(NOT mergeRc EQUAL 0)
    message(WARNING "merging the new inputs of fuzz_${TARGET} failed; see ${log}.merge")
  endif()
  file(GLOB after ${corpus}/*)
  list(LENGTH after countAfter)
  math(EXPR merged "${countAfter} - ${countBefore}")
endif()

if(SUMMARY_FILE)
  string(REPLACE ";" " " keptText "${kept}")
  file(WRITE ${SUMMARY_FILE} "${TARGET};${elapsed};${execs};${added};${merged};${found};${keptText}\n")
endif()

if(NOT rc EQUAL 0 OR found GREATER 0)
  # The end of the log is libFuzzer's report: the stack, the oracle that failed, the input.
  execute_process(COMMAND tail -n 80 ${log})
  if(found EQUAL 0)
    message(FATAL_ERROR "fuzz_${TARGET} failed (exit ${rc}) without leaving an input; see ${log}")
  endif()
  string(REPLACE ";" "\n  " keptLines "${kept}")
  message(FATAL_ERROR "fuzz_${TARGET} found ${found} problem(s) in ${elapsed} s (exit ${rc}); the input:\n  ${keptLines}\n"
                      "Replay: ${fuzzer} <input>")
endif()
message(STATUS "fuzz_${TARGET}: ${elapsed} s, ${execs} execs, ${added} new inputs (${merged} merged into the corpus), no finding")
