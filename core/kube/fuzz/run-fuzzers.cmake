# ctest driver: configure and build the fuzzers with clang in BUILD_DIR, then run each for
# SECONDS over a scratch copy of the checked-in corpus (new inputs do not dirty the repository).
# cmake -DSOURCE_DIR=... -DBUILD_DIR=... -DSECONDS=15 -P run-fuzzers.cmake
if(NOT SECONDS)
  set(SECONDS 15)
endif()
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
foreach(name kubeconfig watchdecoder)
  set(work ${BUILD_DIR}/corpus-${name})
  file(REMOVE_RECURSE ${work})
  file(COPY ${SOURCE_DIR}/corpus/${name}/ DESTINATION ${work})
  execute_process(COMMAND ${BUILD_DIR}/fuzz_${name} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
                          -max_len=8192 -print_final_stats=1 -artifact_prefix=${BUILD_DIR}/crash-${name}- ${work}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fuzz_${name} found a problem (exit ${rc}); the input is in ${BUILD_DIR}/crash-${name}-*")
  endif()
  message(STATUS "fuzz_${name}: ${SECONDS} s without a finding")
endforeach()
