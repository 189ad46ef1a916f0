#!/usr/bin/env bash
# Configures the unpacked Payara for the tests (run by the build in pre-integration-test): starts the
# domain, creates the XA datasources to the test PostgreSQL, installs txmq with payara/install-txmq.sh,
# the script users run, and stops the domain again; Arquillian starts it for the tests.
#
#   configure.sh PAYARA_HOME CONFIG_DIR PG_PORT ACCEPTOR_URL [RECOVERY]
#
# CONFIG_DIR holds postgresql.jar and txmq.rar (copied there by the build). RECOVERY (default true)
# becomes txmq.recovery.automatic: false leaves Payara's automatic recovery off (-Pno-recovery).
set -euo pipefail
payara_home=$1 config=$2 pg_port=$3 acceptor_url=$4 recovery=${5:-true}
project_root="$(cd "$(dirname "$0")/../../../.." && pwd)"
asadmin="$payara_home/bin/asadmin"

"$asadmin" start-domain domain1
trap '"$asadmin" stop-domain domain1' EXIT

# No rotation of server.log by size (Payara's default is 2 MB, a few times a minute under the failover suites):
# the tests read what the server logged from a mark on in that one file (ServerLog).
"$asadmin" set-log-attributes com.sun.enterprise.server.logging.GFFileHandler.rotationLimitInBytes=0

# A test server boots often and serves little: C1 only and the serial collector boot it with less time and CPU.
"$asadmin" create-jvm-options '-XX\:TieredStopAtLevel=1:-XX\:+UseSerialGC'

"$asadmin" add-library "$config/postgresql.jar"
# Pool minimum 0: Payara opens no connection at start, so it does not depend on PostgreSQL being up yet.
for name in TxmqTestDS TxmqDS; do
    "$asadmin" create-jdbc-connection-pool --datasourceclassname org.postgresql.xa.PGXADataSource \
        --restype javax.sql.XADataSource --steadypoolsize 0 --maxpoolsize 20 --ping false \
        --property "serverName=127.0.0.1:portNumber=$pg_port:databaseName=txmq:user=txmq:password=txmq" "$name"
    "$asadmin" create-jdbc-resource --connectionpoolid "$name" "jdbc/$name"
done

cat > "$config/txmq.properties" <<PROPERTIES
txmq.rar.path=$config/txmq.rar
txmq.acceptor.url=$acceptor_url
txmq.recovery.automatic=$recovery
PROPERTIES
PAYARA_HOME="$payara_home" "$project_root/payara/install-txmq.sh" "$config/txmq.properties"

# The console's users in the file realm: one in group txmq-admin (the console maps it to its role), one not.
echo "AS_ADMIN_USERPASSWORD=$TXMQ_CONSOLE_PASSWORD" > "$config/console-password"
"$asadmin" --passwordfile "$config/console-password" create-file-user --groups txmq-admin "$TXMQ_CONSOLE_ADMIN"
"$asadmin" --passwordfile "$config/console-password" create-file-user --groups guest "$TXMQ_CONSOLE_GUEST"
