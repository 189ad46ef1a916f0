# Sourced by demo/run --ha: a local Artemis HA pair for the demo, as docs/SCALING.md describes one.
# The Apache ActiveMQ Artemis distribution (org.apache.activemq:apache-artemis, bin zip) is unpacked from
# Maven Central into the demo home once; two instances made with its own `artemis create` share one
# journal directory (shared store: the journal's lock decides which is active). Both run in the
# background, logging to $home/ha/*.log, and stop with the demo. Kill the active one (the pids are
# printed) and the page goes on with the backup; start it again with the printed command (failback).

artemis_home="$home/apache-artemis-$artemis_version"
ha_dir="$home/ha"
ha_primary_port=$((61716 + port_offset))
ha_backup_port=$((61717 + port_offset))
ha_pids=()

ha_create() {  # name port other-port [--backup]
    [[ -f "$ha_dir/$1/etc/broker.xml" ]] && return 0
    "$artemis_home/bin/artemis" create "$ha_dir/$1" --silent --force --name "$1" --host 127.0.0.1 \
        --default-port "$2" --user admin --password admin --allow-anonymous --no-web --nio --no-autotune \
        --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
        --shared-store --failover-on-shutdown --data "$ha_dir/shared-store" --clustered \
        --cluster-user cluster --cluster-password cluster --staticCluster "tcp://127.0.0.1:$3" "${@:4}" \
        > "$ha_dir/$1-create.log" 2>&1 || fail "artemis create $1 failed; see $ha_dir/$1-create.log"
}

ha_start() {  # name: starts the instance in the background
    JAVA_ARGS="-Xms64m -Xmx256m --add-opens java.base/jdk.internal.misc=ALL-UNNAMED" \
        "$ha_dir/$1/bin/artemis" run >> "$ha_dir/$1.log" 2>&1 &
    echo $! > "$ha_dir/$1.pid"
    ha_pids+=($!)
}

stop_brokers() {
    for pid in "${ha_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${ha_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    ha_pids=()
}

for port in "$ha_primary_port" "$ha_backup_port"; do
    ! port_in_use "$port" || fail "port $port (the HA pair's) is in use; stop what listens there or pass --port-offset N"
done
if [[ ! -x "$artemis_home/bin/artemis" ]]; then
    say "unpacking Apache ActiveMQ Artemis $artemis_version into $home (downloaded once from Maven Central, 48 MB) ..."
    rm -rf "$home/unpacking-artemis"
    maven_get unpack "org.apache.activemq:apache-artemis:$artemis_version:zip:bin" "$home/unpacking-artemis"
    mv "$home/unpacking-artemis/apache-artemis-$artemis_version" "$artemis_home"
    rm -rf "$home/unpacking-artemis"
fi
mkdir -p "$ha_dir"
ha_create primary "$ha_primary_port" "$ha_backup_port"
ha_create backup "$ha_backup_port" "$ha_primary_port" --backup
say "starting an Artemis HA pair (primary 127.0.0.1:$ha_primary_port, backup $ha_backup_port; logs: $ha_dir/*.log) ..."
ha_start primary
deadline=$((SECONDS + 60))
until port_in_use "$ha_primary_port"; do
    ((SECONDS < deadline)) || { stop_brokers; fail "the primary broker did not start within 60 s; see $ha_dir/primary.log"; }
    sleep 0.2
done
ha_start backup
broker_url="(tcp://127.0.0.1:$ha_primary_port,tcp://127.0.0.1:$ha_backup_port)?ha=true&clientFailureCheckPeriod=2000&connectionTTL=6000&callTimeout=5000"
ha_hint() {
    say "HA pair: primary pid $(cat "$ha_dir/primary.pid"), backup pid $(cat "$ha_dir/backup.pid"). Kill the active broker"
    say "  (kill -9 $(cat "$ha_dir/primary.pid")) and the page goes on with the backup; start the primary again with"
    say "  JAVA_ARGS=-Xmx256m $ha_dir/primary/bin/artemis run   (it takes over again: failback)"
}
