#!/usr/bin/env bash
# Removes what install-txmq.sh added: the connector resource and pool, the deployment and the
# adapter's configuration. Safe to run when txmq is partly or not at all installed. Automatic
# transaction recovery stays on (other resources may rely on it).
#
#   payara/uninstall-txmq.sh [-- ASADMIN_OPTIONS...]
set -uo pipefail
if [[ $# -gt 0 && $1 == -- ]]; then shift; fi
asadmin="${PAYARA_HOME:+$PAYARA_HOME/bin/}asadmin"
run() {
    "$asadmin" "$@" 2>&1 | grep -v -e "does not exist" -e "not found" -e "Command .* failed" || true
}
run "$@" delete-admin-object txmq/Queues
run "$@" delete-connector-resource txmq/PublisherFactory
run "$@" delete-connector-connection-pool --cascade true txmq-pool
run "$@" undeploy --cascade true txmq
run "$@" delete-resource-adapter-config txmq
