# annals in a container, for build servers (see docs/install.md):
#
#   docker build -t annals .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" annals build
#   docker run --rm -v "$PWD:/site" annals check --format json
#
# Stage 1 compiles a static binary (musl); stage 2 is that binary alone
# (no shell, no libc: a few MB). The site folder is mounted at /site, the
# working folder, so `annals build` writes /site/public as on a desktop.
# No Docker engine runs where annals is developed, so CI does not build this
# image; the musl build it runs is the one scripts/release.sh makes and
# tests on every release.

ARG RUST_VERSION=1.95
FROM rust:${RUST_VERSION}-slim-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends musl-tools \
 && rm -rf /var/lib/apt/lists/* \
 && rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY . .
RUN cargo build --release --locked --target x86_64-unknown-linux-musl --bin annals \
 && cp target/x86_64-unknown-linux-musl/release/annals /annals

FROM scratch
COPY --from=build /annals /annals
COPY LICENSE-MIT LICENSE-APACHE /
WORKDIR /site
ENTRYPOINT ["/annals"]
CMD ["build"]
