# The kubectls the tests run with: every kubectl a user may have must work against kube-sandbox.
#
#   Debian's kubectl 1.20 (bookworm's kubernetes-client): always, and never skipped. It is the
#     system kubectl on a fresh machine, or unpacked into .tools/ by scripts/install-deps.sh.
#   the kubectl on PATH.
#   CVC_KUBECTLS: more kubectls, a list (cache variable or environment variable, `;` or `:` separated),
#     e.g. -DCVC_KUBECTLS=/opt/kubectl-1.27/kubectl;/opt/kubectl-1.33/kubectl.
#
# cvc_discover_kubectls() sets, in the caller's scope:
#   CVC_KUBECTL_DEBIAN      path of kubectl 1.20, or empty when there is none (tests/sandbox adds a failing test)
#   CVC_KUBECTL_ENTRIES     one "version|path" entry per distinct kubectl, Debian's first, newest last
#   CVC_KUBECTL_NEWEST      the entry with the highest version
#
# cvc_kubectl_runs(<target> [TIMEOUT s] [SMOKE functions…]) registers a Qt Test executable once per
# kubectl (CVC_KUBECTL=<path> tells it which): every test function with Debian's kubectl 1.20 and
# with the newest kubectl found (labels sandbox, kubectl), only the SMOKE functions with each other
# one (label kubectl-smoke), all of them with every kubectl when CVC_KUBECTL_FULL_MATRIX is ON. Each
# run leaves JUnit XML in <build>/kubectl-matrix/, from which scripts/kubectl-matrix.py writes the
# matrix of sandbox/README.md. Runs are collected in the global property CVC_KUBECTL_TEST_RUNS.
set(CVC_KUBECTLS "$ENV{CVC_KUBECTLS}" CACHE STRING "More kubectl executables for the tests (a ;- or :-separated list)")

function(_cvc_kubectl_version path out)
  set(${out} "" PARENT_SCOPE)
  if(NOT EXISTS "${path}")
    return()
  endif()
  execute_process(COMMAND "${path}" version --client -o json
    OUTPUT_VARIABLE json ERROR_QUIET RESULT_VARIABLE rc TIMEOUT 30)
  if(NOT rc EQUAL 0)
    return()
  endif()
  string(JSON version ERROR_VARIABLE err GET "${json}" clientVersion gitVersion)
  if(err)
    return()
  endif()
  set(${out} "${version}" PARENT_SCOPE)
endfunction()

# "v1.32.4-dispatcher" → "1.32.4", for comparisons.
function(_cvc_kubectl_number version out)
  string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" number "${version}")
  set(${out} "${number}" PARENT_SCOPE)
endfunction()

function(cvc_discover_kubectls)
  find_program(_cvc_path_kubectl kubectl NO_CACHE)
  set(candidates "${PROJECT_SOURCE_DIR}/.tools/kubernetes-client/usr/bin/kubectl")
  if(_cvc_path_kubectl)
    list(APPEND candidates "${_cvc_path_kubectl}")
  endif()
  string(REPLACE ":" ";" extra "${CVC_KUBECTLS}")
  list(APPEND candidates ${extra})

  set(debian "")
  set(entries "")
  set(seen "")
  set(newest "")
  set(newest_number "0")
  foreach(path IN LISTS candidates)
    if(path STREQUAL "")
      continue()
    endif()
    get_filename_component(real "${path}" REALPATH)
    _cvc_kubectl_version("${path}" version)
    if(version STREQUAL "" OR real IN_LIST seen OR version IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${real}" "${version}")
    set(entry "${version}|${path}")
    _cvc_kubectl_number("${version}" number)
    if(debian STREQUAL "" AND number MATCHES "^1\\.20\\.")
      set(debian "${path}")
      list(PREPEND entries "${entry}")
    else()
      list(APPEND entries "${entry}")
    endif()
    if(number VERSION_GREATER newest_number)
      set(newest "${entry}")
      set(newest_number "${number}")
    endif()
  endforeach()
  list(LENGTH entries count)
  message(STATUS "kubectls for the tests (${count}): ${entries}")
  set(CVC_KUBECTL_DEBIAN "${debian}" PARENT_SCOPE)
  set(CVC_KUBECTL_ENTRIES "${entries}" PARENT_SCOPE)
  set(CVC_KUBECTL_NEWEST "${newest}" PARENT_SCOPE)
endfunction()

option(CVC_KUBECTL_FULL_MATRIX "Run every kubectl test function with every kubectl (for sandbox/README.md's matrix)" OFF)

function(cvc_kubectl_runs target)
  cmake_parse_arguments(K "" "TIMEOUT" "SMOKE" ${ARGN})
  # Discovered once per configure, for every directory that registers runs.
  get_property(discovered GLOBAL PROPERTY CVC_KUBECTLS_DISCOVERED SET)
  if(NOT discovered)
    cvc_discover_kubectls()
    set_property(GLOBAL PROPERTY CVC_KUBECTLS_DISCOVERED TRUE)
    set_property(GLOBAL PROPERTY CVC_KUBECTL_DEBIAN "${CVC_KUBECTL_DEBIAN}")
    set_property(GLOBAL PROPERTY CVC_KUBECTL_ENTRIES "${CVC_KUBECTL_ENTRIES}")
    set_property(GLOBAL PROPERTY CVC_KUBECTL_NEWEST "${CVC_KUBECTL_NEWEST}")
    file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/kubectl-matrix)
  endif()
  get_property(debian GLOBAL PROPERTY CVC_KUBECTL_DEBIAN)
  get_property(entries GLOBAL PROPERTY CVC_KUBECTL_ENTRIES)
  get_property(newest GLOBAL PROPERTY CVC_KUBECTL_NEWEST)
  if(NOT debian)
    add_test(NAME ${target}_kubectl-1.20 COMMAND sh -c
      "echo 'no kubectl 1.20 (Debian bookworm kubernetes-client): run scripts/install-deps.sh, then configure again' >&2; exit 1")
    set_tests_properties(${target}_kubectl-1.20 PROPERTIES LABELS "sandbox;kubectl")
  endif()
  foreach(entry IN LISTS entries)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 version)
    list(GET parts 1 path)
    set(output -o ${CMAKE_BINARY_DIR}/kubectl-matrix/${target}-${version}.xml,junitxml -o -,txt)
    if(path STREQUAL debian OR entry STREQUAL newest OR CVC_KUBECTL_FULL_MATRIX)
      cvc_register_test(NAME ${target}_${version} TARGET ${target} ARGS ${output} ENV CVC_KUBECTL=${path}
        LABELS sandbox kubectl TIMEOUT "${K_TIMEOUT}")
    elseif(K_SMOKE)
      cvc_register_test(NAME ${target}_${version} TARGET ${target} ARGS ${K_SMOKE} ${output} ENV CVC_KUBECTL=${path}
        LABELS kubectl-smoke TIMEOUT "${K_TIMEOUT}")
    else()
      continue()
    endif()
    set_property(GLOBAL APPEND PROPERTY CVC_KUBECTL_TEST_RUNS ${target}_${version})
  endforeach()
endfunction()
