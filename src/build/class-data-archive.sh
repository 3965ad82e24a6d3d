#!/usr/bin/env bash
# Builds the server's class data archive (AppCDS): unpacks the Spring Boot jar into a plain class path (CDS
# cannot archive classes loaded from jars nested in a jar), records the classes a start-up and a few first
# requests load, and dumps them into an archive the JVM maps at start instead of loading and verifying
# ~13,000 classes again. Run by `./mvnw package` (skip with -Dcds.skip).
#
# usage: class-data-archive.sh FAT_JAR OUT_DIR "JVM OPTIONS"
# makes: OUT_DIR/imnm-fhir-<version>.jar + OUT_DIR/lib/ (the unpacked application) and OUT_DIR/imnm-fhir.jsa
set -euo pipefail
fat_jar=$1 out=$2 jvm_options=$3
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

rm -rf "$out"
"$java" -Djarmode=tools -jar "$fat_jar" extract --destination "$out" >/dev/null
app_jar="$out/$(basename "$fat_jar")"
work=$(mktemp -d)
server=
# However the script ends, the training server (and with it its embedded Postgres) stops before its folder goes.
stop_training_server() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
}
trap 'stop_training_server; rm -rf "$work"' EXIT

if ! command -v curl >/dev/null; then
    echo "class data archive: skipped (the training run needs curl); $app_jar starts without one"
    exit 0
fi

# The training run: a fresh embedded Postgres in a scratch folder, on a port nothing else is likely to use.
port=$((20000 + RANDOM % 20000))
# shellcheck disable=SC2086 # the options are a list
"$java" $jvm_options -XX:DumpLoadedClassList="$work/classes.lst" -jar "$app_jar" --server.port=$port \
    --imnm.data-dir="$work/data" --logging.level.imnm.fhir.requests=WARN >"$work/training.log" 2>&1 &
server=$!
base="http://localhost:$port/fhir"
for _ in $(seq 1 600); do
    curl -sf "$base/metadata" -o /dev/null && break
    kill -0 $server 2>/dev/null || { cat "$work/training.log" >&2; echo "training server exited" >&2; exit 1; }
    sleep 0.1
done
# First requests of each kind load their own classes (parsers, validator, search, bundles). A packaged
# server that cannot answer them is broken: the build stops with its log.
request() {
    curl -sf -H 'Content-Type: application/fhir+json' "$@" -o /dev/null \
        || { tail -40 "$work/training.log" >&2; echo "training request failed: $*" >&2; exit 1; }
}
request -X POST "$base/Patient" -d '{"resourceType":"Patient","name":[{"family":"Training"}]}'
request -X POST "$base" -d '{"resourceType":"Bundle","type":"transaction","entry":[
  {"fullUrl":"urn:uuid:5b1d1a3e-0c1f-4a55-9d0e-3f3c0a4b2e11","resource":{"resourceType":"Patient","gender":"female"},
   "request":{"method":"POST","url":"Patient"}},
  {"resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org",
   "code":"2157-6"}]},"subject":{"reference":"urn:uuid:5b1d1a3e-0c1f-4a55-9d0e-3f3c0a4b2e11"},
   "effectiveDateTime":"2025-01-01","valueQuantity":{"value":4200,"unit":"U/L","system":"http://unitsofmeasure.org",
   "code":"U/L"}},"request":{"method":"POST","url":"Observation"}}]}'
request "$base/Observation?code=http://loinc.org|2157-6&_count=10"
request "$base/Patient?name=Training"
# A normal exit: the server stops its embedded Postgres, and the JVM closes the class list.
stop_training_server

# Java 17's static dump crashes on the lambda proxy entries of this list (SIGSEGV in
# SystemDictionaryShared::adjust_lambda_proxy_class_dictionary); the classes themselves archive fine.
grep -v '^@' "$work/classes.lst" >"$work/classes-without-lambdas.lst"
# The archive is only valid for this JVM and these options' heap layout, so it is dumped with them.
# shellcheck disable=SC2086
"$java" $jvm_options -Xshare:dump -XX:SharedClassListFile="$work/classes-without-lambdas.lst" \
    -XX:SharedArchiveFile="$out/imnm-fhir.jsa" -jar "$app_jar" >"$work/dump.log" 2>&1 \
    || { tail -20 "$work/dump.log" >&2; echo "class data archive: dump failed" >&2; exit 1; }
echo "class data archive: $(grep -c . "$work/classes-without-lambdas.lst") classes in $out/imnm-fhir.jsa"
