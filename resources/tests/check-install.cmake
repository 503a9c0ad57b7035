# Installs the build into a fresh DESTDIR with prefix /usr, as a distribution package would, and
# checks that everything a desktop needs to list and start the dashboard is where it looks.
file(REMOVE_RECURSE ${WORK_DIR})
set(ENV{DESTDIR} ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${result}):\n${output}")
endif()

set(expected
  usr/bin/cvc-dashboard
  usr/bin/kube-sandbox
  usr/share/cvc-dashboard/crds/cryptovaluecalculators.yaml
  usr/share/cvc-dashboard/examples/bitcoin.yaml
  usr/share/applications/cvc-dashboard.desktop
  usr/share/metainfo/${APPSTREAM_ID}.metainfo.xml
  usr/share/icons/hicolor/scalable/apps/cvc-dashboard.svg)
foreach(size IN LISTS ICON_SIZES)
  list(APPEND expected usr/share/icons/hicolor/${size}x${size}/apps/cvc-dashboard.png)
endforeach()
set(missing "")
foreach(path IN LISTS expected)
  if(NOT EXISTS ${WORK_DIR}/${path})
    string(APPEND missing "\n  /${path}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not installed:${missing}")
endif()
# The installed binary runs (its --help needs no display and no cluster).
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND ${WORK_DIR}/usr/bin/cvc-dashboard --help
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0 OR NOT output MATCHES "--sandbox")
  message(FATAL_ERROR "the installed cvc-dashboard --help failed (${result}):\n${output}")
endif()
message(STATUS "installed into ${WORK_DIR}: ${expected}")
