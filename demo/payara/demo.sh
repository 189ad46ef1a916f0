# The Payara half of demo/run (demo/run --server payara), sourced by it after the build step, with
# its variables (home, port_offset, rar, ejb, war, url, broker_*, postgres, pg_*, say, fail, maven_get,
# page_answers, ready_timeout_s) set. Steps, each skipped when its result is already there:
#   2. unpack   fish.payara.distributions:payara from Maven Central into the demo home, once
#   3. domain   a domain of its own, txmq-demo, with port base 8000 + port offset (HTTP 8080 + offset,
#               admin 8048 + offset), once
#      configure (domain running): the XA datasource jdbc/TxmqDS (H2 in the domain, or --postgres),
#               payara/install-txmq.sh, the samples (the ejb-sample, the war as txmq-demo), the console and
#               its demo user (file realm, group txmq-admin); once, and in a
#               new domain when --postgres, --external-broker, txmq.rar or a sample change
#   4. start    the domain in the foreground (asadmin start-domain --verbose); Ctrl-C stops it

payara_version=$(pom_property payara.version)
payara="$home/payara6"
domain_dir="$payara/glassfish/domains/txmq-demo"
admin_port=$((8048 + port_offset))
asadmin=("$payara/bin/asadmin" --port "$admin_port")

# Checked first: recreating or configuring the domain under a running server would change its files.
if [[ -f "$domain_dir/config/pid" ]] && kill -0 "$(cat "$domain_dir/config/pid")" 2>/dev/null; then
    fail "the demo's Payara of an earlier run is still running (pid $(cat "$domain_dir/config/pid")); stop it: kill $(cat "$domain_dir/config/pid")"
fi
for port in "$http_port" "$admin_port"; do
    ! port_in_use "$port" || fail "port $port is in use (another server?); stop it or pass --port-offset N"
done

# --- 2. unpack Payara -----------------------------------------------------------------------------
mkdir -p "$home"
if [[ ! -x "$payara/bin/asadmin" ]]; then
    say "unpacking Payara $payara_version into $home (downloaded once from Maven Central, 170 MB) ..."
    rm -rf "$home/unpacking"
    maven_get unpack "fish.payara.distributions:payara:$payara_version:zip" "$home/unpacking"
    mv "$home/unpacking/payara6" "$payara"
    rm -rf "$home/unpacking"
fi

# --- 3. domain, configuration, deployments --------------------------------------------------------
# Payara deploys from the copies in $home/deploy, which a rebuild of txmq does not touch while the
# domain runs (it can read an archive again when it starts).
deploy_dir="$home/deploy"
properties="$home/demo-payara.properties"
{
    echo "txmq.rar.path=$deploy_dir/txmq.rar"
    echo "txmq.broker.url=$broker_url"
    echo "txmq.broker.user=$broker_user"
    echo "txmq.broker.password=$broker_password"
    echo "demo.postgres=$postgres"
} > "$properties"
cksum "$rar" "$ejb" "$war" "$console" > "$home/deploying"

# A new configuration, or a rebuilt txmq or sample, gets a new domain: redeploying a resource adapter
# under its pool and resources is not something Payara does reliably. The demo's H2 data goes with it.
if [[ -d "$domain_dir" ]] && ! { cmp -s "$properties" "$home/configured-payara" && cmp -s "$home/deploying" "$home/deployed"; }; then
    say "txmq, a sample or the configuration changed: creating the domain txmq-demo afresh"
    "$payara/bin/asadmin" delete-domain txmq-demo > "$home/asadmin.log" 2>&1 || fail "see $home/asadmin.log"
fi
if [[ ! -d "$domain_dir" ]]; then
    rm -f "$home/configured-payara" "$home/deployed"
    say "creating the Payara domain txmq-demo (port base $((8000 + port_offset))) ..."
    "$payara/bin/asadmin" create-domain --user admin --nopassword=true --portbase $((8000 + port_offset)) txmq-demo \
        > "$home/asadmin.log" 2>&1 || fail "creating the domain failed; see $home/asadmin.log"
fi

domain_running=false
stop_domain() {
    if $domain_running; then
        say "stopping Payara ..."
        if "$payara/bin/asadmin" stop-domain txmq-demo >> "$home/asadmin.log" 2>&1; then
            say "Payara stopped"
        fi
        domain_running=false
    fi
}
trap 'stop_domain; exit 130' INT
trap 'stop_domain; exit 143' TERM
trap 'stop_domain' EXIT

if [[ ! -f "$home/deployed" ]]; then
    say "starting Payara to configure and deploy (log: $home/asadmin.log) ..."
    mkdir -p "$deploy_dir"
    cp "$rar" "$deploy_dir/txmq.rar"
    cp "$ejb" "$deploy_dir/txmq-ejb-sample.jar"
    cp "$war" "$deploy_dir/txmq-demo.war"
    cp "$console" "$deploy_dir/txmq-console.war"
    echo "AS_ADMIN_USERPASSWORD=$console_password" > "$home/console-password"
    "$payara/bin/asadmin" start-domain txmq-demo >> "$home/asadmin.log" 2>&1 || fail "starting Payara failed; see $home/asadmin.log"
    domain_running=true
    if [[ -n "$postgres" ]]; then
        [[ -f "$home/postgresql-$postgresql_version.jar" ]] \
            || maven_get copy "org.postgresql:postgresql:$postgresql_version" "$home"
        "${asadmin[@]}" add-library "$home/postgresql-$postgresql_version.jar" >> "$home/asadmin.log" 2>&1
        datasource=(--datasourceclassname org.postgresql.xa.PGXADataSource --property
                    "serverName=$pg_host:portNumber=$pg_port:databaseName=$pg_database:user=$pg_user:password=$pg_password")
    else
        # H2 (Payara bundles it) in a file under the domain, so orders survive a restart
        datasource=(--datasourceclassname org.h2.jdbcx.JdbcDataSource --property
                    'url=jdbc\:h2\:${com.sun.aas.instanceRoot}/lib/databases/txmq-demo;DB_CLOSE_ON_EXIT\=FALSE:user=sa:password=sa')
    fi
    { "${asadmin[@]}" create-jdbc-connection-pool --restype javax.sql.XADataSource --steadypoolsize 0 \
          --maxpoolsize 20 --ping false "${datasource[@]}" TxmqDS \
      && "${asadmin[@]}" create-jdbc-resource --connectionpoolid TxmqDS jdbc/TxmqDS \
      && PAYARA_HOME="$payara" "$repo/payara/install-txmq.sh" "$properties" -- --port "$admin_port" \
      && "${asadmin[@]}" deploy --name txmq-ejb-sample "$deploy_dir/txmq-ejb-sample.jar" \
      && "${asadmin[@]}" deploy --name txmq-demo --contextroot txmq-demo "$deploy_dir/txmq-demo.war" \
      && "${asadmin[@]}" deploy --name txmq-console "$deploy_dir/txmq-console.war" \
      && "${asadmin[@]}" --passwordfile "$home/console-password" create-file-user --groups txmq-admin "$console_user"
    } >> "$home/asadmin.log" 2>&1 || fail "configuring Payara failed; see $home/asadmin.log"
    cp "$properties" "$home/configured-payara"
    mv "$home/deploying" "$home/deployed"
    stop_domain # automatic recovery, switched on by the install script, takes effect at the next start
fi

# --- 4. start -------------------------------------------------------------------------------------
say "starting Payara $payara_version (HTTP port $http_port, admin port $admin_port; log: $domain_dir/logs/server.log) ..."
"$payara/bin/asadmin" start-domain --verbose txmq-demo &
server_pid=$!
domain_running=true

deadline=$((SECONDS + ready_timeout_s))
until page_answers; do
    kill -0 "$server_pid" 2>/dev/null || { domain_running=false; fail "Payara stopped; see $domain_dir/logs/server.log"; }
    ((SECONDS < deadline)) || fail "$url did not answer within $ready_timeout_s s; see $domain_dir/logs/server.log"
    sleep 0.5
done
say "ready in ${SECONDS} s: $url   (Ctrl-C stops the server)"
say "console: $console_url   (user $console_user, password $console_password)"
status=0
wait "$server_pid" || status=$?
domain_running=false
say "Payara stopped (exit code $status)"
exit "$status"
