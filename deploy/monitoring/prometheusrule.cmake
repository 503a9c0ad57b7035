# Writes prometheusrule.yaml from cvc-operator.rules.yaml (the PrometheusRule's spec is the rules
# file's groups), or with -DCHECK=ON fails when the checked-in file differs from what it would
# write. One source of truth for the alerts, two ways to install them.
#   cmake -P deploy/monitoring/prometheusrule.cmake            regenerate
#   cmake -DCHECK=ON -P deploy/monitoring/prometheusrule.cmake  compare (CTest)
set(dir ${CMAKE_CURRENT_LIST_DIR})
file(STRINGS ${dir}/cvc-operator.rules.yaml lines)
set(out "# Generated from cvc-operator.rules.yaml by prometheusrule.cmake: edit that file, not this one.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: cvc-operator
  namespace: cvc-system
  labels:
    app.kubernetes.io/name: cvc-operator
spec:
")
foreach(line IN LISTS lines)
  # The rules file's own header comments stay there; the groups become spec.groups.
  if(line MATCHES "^#")
    continue()
  endif()
  if(line STREQUAL "")
    string(APPEND out "\n")
  else()
    string(APPEND out "  ${line}\n")
  endif()
endforeach()
if(CHECK)
  file(READ ${dir}/prometheusrule.yaml current)
  if(NOT current STREQUAL out)
    message(FATAL_ERROR "deploy/monitoring/prometheusrule.yaml does not match cvc-operator.rules.yaml; "
                        "run: cmake -P deploy/monitoring/prometheusrule.cmake")
  endif()
  message(STATUS "prometheusrule.yaml matches cvc-operator.rules.yaml")
else()
  file(WRITE ${dir}/prometheusrule.yaml "${out}")
endif()
