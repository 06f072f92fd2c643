# Talon's runtime image. It packages what the Maven build already produced; it does not build anything itself.
#
#   ./mvnw -B -DskipTests clean package      # or: bin/talon build (use `clean`: target/libs keeps stale jars)
#   docker build -t talon:0.1.0 .
#
# What goes in (see .dockerignore, which lets nothing else into the build context):
#   platform/target/talon-platform.jar        the platform; its manifest Class-Path points at libs/
#   platform/target/libs/                     the runtime dependencies
#   platform/target/plugins/*.zip             the bundled plugins, loaded from /plugins at start, except
#                                             provider-scripted (see WITH_SCRIPTED_PROVIDER below)
#   config/                                   the local *development* defaults (see below)
#
# One image, every role: `serve` (REST API, plus workers unless TALON_WORKERS_ENABLED=false) and `worker`
# (workers only, no HTTP). docs/operations.md describes running it; k8s/platform/ deploys it.
#
# provider-scripted is a test stand-in for an LLM (it answers what the message scripts), not a product plugin, so
# the image leaves it out. Two demos use it: the demo tenant of the development defaults in config/tenants.yaml and
# the smoke-test tenant "demo" of k8s/platform/tenants-seed.yaml. For those, opt in:
#   docker build --build-arg WITH_SCRIPTED_PROVIDER=true -t talon:0.1.0-demo .
# Without it those tenants' turns fail (no provider); tenants with a real provider are unaffected.
FROM eclipse-temurin:21-jre-noble AS plugins
ARG WITH_SCRIPTED_PROVIDER=false
COPY platform/target/plugins/*.zip /staging/
RUN mkdir /plugins \
 && for zip in /staging/*.zip; do \
      case "$(basename "$zip")" in \
        *provider-scripted-*) [ "$WITH_SCRIPTED_PROVIDER" = true ] || continue ;; \
      esac; \
      cp "$zip" /plugins/; \
    done

# Ubuntu 24.04 (noble) on purpose: exec-bubblewrap needs bubblewrap >= 0.8, and jammy ships 0.6.
FROM eclipse-temurin:21-jre-noble

# bubblewrap + util-linux (prlimit): the exec-bubblewrap backend. tini: PID 1 (see ENTRYPOINT).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap tini util-linux \
 && rm -rf /var/lib/apt/lists/*

# A fixed, non-root uid (the base image already has "ubuntu" as 1000). Kubernetes manifests run as 10001 too.
RUN groupadd --system --gid 10001 talon \
 && useradd --system --uid 10001 --gid talon --home-dir /home/talon --create-home --shell /usr/sbin/nologin talon \
 && mkdir -p /data /plugins \
 && chown talon:talon /data

WORKDIR /opt/talon
COPY platform/target/libs/ /opt/talon/libs/
COPY platform/target/talon-platform.jar /opt/talon/talon-platform.jar
# Plugins are part of the image: read-only at run time. To add one, build FROM this image and COPY it in.
COPY --from=plugins /plugins/ /plugins/
# config/application.yaml and config/tenants.yaml are the DEVELOPMENT defaults (public admin key "admin-key",
# public tenant key "demo-key"). They only make `docker run talon` answer at all; production points TALON_CONFIG
# at its own file (k8s/platform/config.yaml does), which then replaces config/application.yaml entirely.
COPY config/ /opt/talon/config/

# Container-friendly overrides of the dev defaults; every one can be overridden again with -e / env:.
#   SERVER_HOST      the dev config binds 127.0.0.1, unreachable from outside a container
#   TALON_DATA_DIR   the workspace volume: mount it (it must be shared by every process, see docs/operations.md)
#   JAVA_TOOL_OPTIONS  size the heap from the container's memory limit; die on OOM instead of limping on
ENV SERVER_HOST=0.0.0.0 \
    SERVER_PORT=8080 \
    TALON_DATA_DIR=/data \
    TALON_PLUGINS_DIR=/plugins \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

USER 10001:10001
EXPOSE 8080

# tini is PID 1 and reaps zombies. A JVM as PID 1 never reaps orphans, and exec-local starts every command in
# its own process group (setsid), so grandchildren a killed command leaves behind are re-parented to PID 1.
# tini forwards SIGTERM to the JVM, whose shutdown hook stops the workers; when tini exits the container's PID
# namespace goes, taking any leftover command with it. (Without tini in the image, `docker run --init` does the
# same.) There is no HEALTHCHECK: `worker` serves no HTTP; `serve` has /health/live and /health/ready.
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/opt/talon/talon-platform.jar"]
CMD ["serve"]
