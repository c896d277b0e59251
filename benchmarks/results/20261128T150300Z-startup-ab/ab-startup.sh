#!/usr/bin/env bash
# Alternating launches of three builds of the starter benchmark service: launch to first 200 from /trivial.
set -u
cd /work/main
OUT=/tmp/th/ab; rm -rf $OUT; mkdir -p $OUT
TOOLS_CP="benchmarks/bench-tools/target/classes:$(cat benchmarks/bench-tools/target/classpath.txt)"
java -cp "$TOOLS_CP" dev.platform.benchmarks.tools.MintToken "$OUT/jwt-public.pem" > "$OUT/token"
AUTH="Authorization: Bearer $(cat $OUT/token)"
java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$TOOLS_CP" dev.platform.benchmarks.tools.Services 14318 18081 > "$OUT/services.log" 2>&1 &
SVC=$!
until grep -qs ready "$OUT/services.log"; do sleep 0.1; done
declare -A JAR=([b6c34e3]=/tmp/th/wt-b6c34e3/benchmarks/service-starter/target/bench-service-starter.jar [b4ce405]=/tmp/th/wt-b4ce405/benchmarks/service-starter/target/bench-service-starter.jar [HEAD]=/work/main/benchmarks/service-starter/target/bench-service-starter.jar [bare]=/work/main/benchmarks/service-bare/target/bench-service-bare.jar)
for round in $(seq 1 ${ROUNDS:-8}); do
  for v in bare b6c34e3 b4ce405 HEAD; do
    sleep 2
    t0=$(date +%s%N)
    BENCH_PORT=18080 BENCH_STUB_PORT=18081 BENCH_OTLP_PORT=14318 BENCH_JWT_PUBLIC_KEY="$OUT/jwt-public.pem" \
      OTEL_SERVICE_NAME=bench OTEL_TRACES_SAMPLER=always_on OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
      OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:14318" \
      java -Xms512m -Xmx512m -XX:+UseG1GC -jar "${JAR[$v]}" > "$OUT/$v-$round.log" 2>&1 &
    pid=$!
    until curl -fs -o /dev/null -H "$AUTH" "http://127.0.0.1:18080/trivial"; do sleep 0.02; kill -0 $pid 2>/dev/null || { echo "$v died"; break; }; done
    t1=$(date +%s%N)
    echo "$round $v $(( (t1 - t0) / 1000000 ))"
    kill $pid; wait $pid 2>/dev/null
  done
done
kill $SVC
