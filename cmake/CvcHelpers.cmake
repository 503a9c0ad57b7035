# Shared build settings for every target of ours: warnings on, nothing else magic.
function(cvc_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  target_compile_definitions(${target} PRIVATE
    QT_NO_KEYWORDS QT_USE_QSTRINGBUILDER
    CVC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" CVC_BIN_DIR="${CVC_BIN_DIR}")
endfunction()

# cvc_add_test(NAME tst_foo SOURCES a.cpp LIBS lib1 lib2 [LABELS l] [TIMEOUT s] [NO_REGISTER])
# A Qt Test executable registered with CTest; runs offscreen so GUI tests need no display.
# NO_REGISTER builds the executable only, for tests registered several times (cvc_register_test).
function(cvc_add_test)
  cmake_parse_arguments(T "NO_REGISTER" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  cvc_target_defaults(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(NOT T_NO_REGISTER)
    cvc_register_test(NAME ${T_NAME} TARGET ${T_NAME} TIMEOUT "${T_TIMEOUT}" LABELS ${T_LABELS})
  endif()
endfunction()

# cvc_register_test(NAME ctest-name TARGET exe [ARGS a b] [ENV K=V ...] [LABELS l] [TIMEOUT s])
# One CTest entry running a test executable with the common environment plus ENV.
# The keyless fallback price sources point at a closed loopback port unless a test passes their
# stand-ins: no test ever reaches coins.llama.fi or api.coinbase.com, and their failure is quick.
set(CVC_TEST_PRICE_ENV "CVC_DEFILLAMA_URL=http://127.0.0.1:9/defillama;CVC_COINBASE_URL=http://127.0.0.1:9/coinbase")
function(cvc_register_test)
  cmake_parse_arguments(T "" "NAME;TARGET;TIMEOUT" "ARGS;ENV;LABELS" ${ARGN})
  add_test(NAME ${T_NAME} COMMAND ${T_TARGET} ${T_ARGS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CVC_BIN_DIR=${CVC_BIN_DIR};CVC_SOURCE_DIR=${PROJECT_SOURCE_DIR};${CVC_TEST_PRICE_ENV};${T_ENV}")
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
