# syntax=docker/dockerfile:1
# diundash in one image: the built web page inside the Python package, served
# by `diundash serve` as a non-root user, with the database on the /data volume.
# tests/packaging/test_packaging.py builds and serves the same wheel the `wheels` stage
# builds, and lints this file with hadolint.

# 1. The web page, built from the committed lock file.
FROM node:22-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. A wheel of diundash with the page as package data (diundash/static), and
#    wheels of its dependencies, so the last stage installs without a network.
FROM python:3.11-slim-bookworm AS wheels
WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY diundash/ diundash/
COPY --from=frontend /src/frontend/dist/ diundash/static/
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# 3. The service.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --system --gid 10001 diundash \
    && useradd --system --no-log-init --uid 10001 --gid diundash \
        --home-dir /data --shell /usr/sbin/nologin diundash \
    && mkdir /data \
    && chown diundash:diundash /data
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/diundash-*.whl
ENV DB_PATH=/data/diun.db \
    HOST=0.0.0.0 \
    PORT=8080
VOLUME ["/data"]
WORKDIR /data
# Numeric, so a runtime can tell it is not root without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=15s --retries=3 \
    CMD ["diundash", "healthcheck"]
# The README's start command (scripts/start) ends in this same `diundash serve`.
CMD ["diundash", "serve"]
