#!/bin/sh
# A client-go exec credential plugin for the auth matrix test (kube-api.md §6.6, check 40).
# It records the KUBERNETES_EXEC_INFO kubectl passed, then answers with a token read from a file so
# that the token never appears in a kubeconfig or on a command line. Settings come from exec.env:
#   CVC_EXEC_API_VERSION  apiVersion to answer with (must equal the configured one)
#   CVC_EXEC_TOKEN_FILE   file holding the bearer token
#   CVC_EXEC_INFO_OUT     where to write KUBERNETES_EXEC_INFO
set -eu
printf '%s' "${KUBERNETES_EXEC_INFO:-}" > "$CVC_EXEC_INFO_OUT"
token=$(cat "$CVC_EXEC_TOKEN_FILE")
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}\n' "$CVC_EXEC_API_VERSION" "$token"
