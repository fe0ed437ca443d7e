#!/bin/sh
# Generates SslFlow's secrets into the azd environment unless they are set already; Bicep stores them in Key Vault.
set -eu
set_if_missing() {
  name="$1"; value="$2"
  if [ -z "$(azd env get-value "$name" 2>/dev/null || true)" ]; then
    azd env set "$name" "$value" >/dev/null
    echo "generated $name"
  fi
}
set_if_missing SSLFLOW_API_KEY "$(openssl rand -base64 33 | tr -d '=+/\n')"
set_if_missing SSLFLOW_WEBHOOK_SECRET "whsec_$(openssl rand -base64 32 | tr -d '\n')"
set_if_missing SSLFLOW_MASTER_KEY "$(openssl rand -base64 32 | tr -d '\n')"
