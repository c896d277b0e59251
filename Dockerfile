# syntax=docker/dockerfile:1
# One image recipe for the five demo services: `docker build --build-arg SERVICE=orders ...` (compose.yaml passes
# SERVICE and the two base images, which are pinned in .env; there are no defaults here on purpose, so an
# unpinned build fails at once instead of pulling some `latest`).
ARG JDK_IMAGE
ARG JRE_IMAGE

FROM ${JDK_IMAGE} AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "${SERVICE}" || { echo "build argument SERVICE is required" >&2; exit 1; }
# The Maven repository lives in a BuildKit cache mount, shared by the five builds and kept between them.
# The demo's Boot repackaging writes the executable jar with the classifier `exec` (the plain jar stays the main
# artifact). An empty layer (no snapshot dependencies) still needs its directory for the COPY lines below.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -q -pl "demo-services/${SERVICE}" -am package -DskipTests \
 && jar="$(ls "demo-services/${SERVICE}"/target/*-exec.jar | head -n 1)" \
 && test -n "$jar" \
 && java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination /app \
 && mkdir -p /app/dependencies /app/spring-boot-loader /app/snapshot-dependencies /app/application

FROM ${JRE_IMAGE}
# curl for the compose health check (GET /actuator/health).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
# Boot's layers from least to most often changed, so a code change rebuilds only the last layer.
COPY --from=build /app/dependencies/ ./
COPY --from=build /app/spring-boot-loader/ ./
COPY --from=build /app/snapshot-dependencies/ ./
COPY --from=build /app/application/ ./
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
