#!/usr/bin/env bash
# Installs the txmq resource adapter into a running Payara Server 6 domain: the adapter's
# configuration, the deployment (named txmq), the XA connection pool txmq-pool and the connector
# resource txmq/PublisherFactory, and (by default) automatic transaction recovery.
#
#   payara/install-txmq.sh [PROPERTIES_FILE] [-- ASADMIN_OPTIONS...]
#
# PROPERTIES_FILE defaults to txmq.properties beside this script; see that file for every property.
# ASADMIN_OPTIONS (e.g. --port 4848 --user admin) are passed to every asadmin call. asadmin is taken
# from $PAYARA_HOME/bin, else from the PATH. It installs once: run uninstall-txmq.sh to change the
# configuration. Switching automatic recovery on takes effect at the next restart of the domain.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
properties="$here/txmq.properties"
if [[ $# -gt 0 && $1 != -- ]]; then properties="$1"; shift; fi
if [[ $# -gt 0 && $1 == -- ]]; then shift; fi
asadmin_options=("$@")
asadmin="${PAYARA_HOME:+$PAYARA_HOME/bin/}asadmin"

[[ -r $properties ]] || { echo "install-txmq.sh: cannot read the properties file '$properties'" >&2; exit 2; }

# The value of a property in the file ("" when absent or commented out).
property() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$properties" | tail -n 1 | sed 's/[[:space:]]*$//'
}

# asadmin reads ':' and '=' in a --property value as separators: escape them.
escaped() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/:/\\:/g' -e 's/=/\\=/g'
}

run() {
    "$asadmin" "${asadmin_options[@]}" "$@"
}

rar="$(property txmq.rar.path)"
[[ -n $rar ]] || { echo "install-txmq.sh: txmq.rar.path is required in $properties" >&2; exit 2; }
[[ $rar = /* ]] || rar="$PWD/$rar"
[[ -r $rar ]] || { echo "install-txmq.sh: txmq.rar.path '$rar' is not a readable file" >&2; exit 2; }

adapter_properties=()
for pair in brokerUrl=txmq.broker.url user=txmq.broker.user password=txmq.broker.password \
            dataDirectory=txmq.data.directory acceptorUrl=txmq.acceptor.url maxReplays=txmq.max.replays; do
    value="$(property "${pair#*=}")"
    [[ -z $value ]] || adapter_properties+=("${pair%%=*}=$(escaped "$value")")
done
# Payara's TransactionManager: with it a message-driven bean's receipt and sends share one broker branch.
adapter_properties+=("transactionManager=$(escaped java:appserver/TransactionManager)")
pool_min="$(property txmq.pool.min)"
pool_max="$(property txmq.pool.max)"
recovery="$(property txmq.recovery.automatic)"
interval="$(property txmq.recovery.interval)"

# The configuration first: a resource adapter starts with the configuration it has when deployed.
run create-resource-adapter-config --property "$(IFS=:; echo "${adapter_properties[*]}")" txmq
# The name must stay txmq: MDBs and the pool below refer to it.
run deploy --type rar --name txmq "$rar"
# Recovery after a crash opens a connection of this pool (XATransaction) and asks it for in-doubt branches.
run create-connector-connection-pool --raname txmq --connectiondefinition dev.txmq.api.PublisherFactory \
    --transactionsupport XATransaction --steadypoolsize "${pool_min:-0}" --maxpoolsize "${pool_max:-20}" \
    --ping false txmq-pool
run create-connector-resource --poolname txmq-pool txmq/PublisherFactory
# The operations API (dev.txmq.api.Queues): statistics, browsing, dead-letter triage, replay, purge.
run create-admin-object --raname txmq --restype dev.txmq.api.Queues --classname dev.txmq.ra.admin.TxmqQueues txmq/Queues
# Artemis logs every message sent, consumed and acknowledged at INFO to its audit loggers: one record
# per message in server.log. Off, as in the broker `artemis create` makes and in WildFly's standalone-full.xml (no audit record in its log).
run set-log-levels "org.apache.activemq.audit.base=WARNING:org.apache.activemq.audit.message=WARNING:org.apache.activemq.audit.resource=WARNING"
if [[ ${recovery:-true} == true ]]; then
    run set configs.config.server-config.transaction-service.automatic-recovery=true
    run set "configs.config.server-config.transaction-service.property.pending-txn-cleanup-interval=${interval:-60}"
fi
echo "txmq installed: connection factory txmq/PublisherFactory, operations API txmq/Queues, MDBs bind to resource adapter txmq"
