# syntax=docker/dockerfile:1
#
# The DPSS portal image. One image serves every role: web, worker, beat and
# the one-off migrate job (docker/entrypoint.sh picks the role). Build it with
# `docker compose build` or `docker build -t dpss-portal .`.
#
# Three stages, so the final image has neither Node nor compilers:
#   assets       Node: `npm ci`, then scripts/build-assets -> static/build
#   python-deps  the hash-locked Python packages in /opt/venv
#   runtime      python:3.11-slim-bookworm + WeasyPrint's Debian libraries,
#                the code, the built assets and collected static files

# --- 1. Front end ------------------------------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/build-assets scripts/build-assets
COPY static/src static/src
RUN bash scripts/build-assets

# --- 2. Python packages ------------------------------------------------------
FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.lock
# requirements.lock also holds the test tools. They are not needed to serve the
# portal, and Playwright's wheel carries a Node binary of its own, so remove
# them. `pip check` fails the build if anything left depends on one of them.
RUN /opt/venv/bin/pip uninstall --yes \
        axe-playwright-python pytest-playwright playwright greenlet python-slugify text-unidecode \
        pytest-xdist execnet pytest-django pytest iniconfig pluggy pygments \
        hypothesis sortedcontainers factory-boy time-machine ruff \
    && /opt/venv/bin/pip check

# --- 3. The image that runs --------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

# Pango, HarfBuzz and fonts for WeasyPrint (letters, statements and reports are
# rendered as PDFs in the workers). fonts-liberation has Arial's metrics, the
# council's brand font; scripts/system-deps installs the same set.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# A user with no password, no shell and no home of its own. The code belongs to
# root and cannot be changed by the user the portal runs as; only var/media
# (uploads and generated documents, a volume in docker-compose.yml) is writable.
RUN groupadd --system --gid 10001 dpss \
    && useradd --system --uid 10001 --gid dpss --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin dpss

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=dpss.settings \
    DPSS_VAR_DIR=/app/var \
    DPSS_PRODUCTION=true \
    XDG_CACHE_HOME=/tmp/.cache
# (XDG_CACHE_HOME: fontconfig keeps its font cache there; the user has no home.)

WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY . .
COPY --from=assets /src/static/build static/build

# Static files are collected into the image (var/staticfiles) and served by
# WhiteNoise with hashed names. The production settings insist on a
# SECRET_KEY; this one exists only for this command and is not kept in any
# layer's environment. The real key comes from the env file at run time.
RUN SECRET_KEY="build-time-only-for-collectstatic-$(date +%s)-not-used-to-sign-anything" \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p var/media \
    && chown dpss:dpss var/media \
    && chmod 0755 docker/entrypoint.sh

USER dpss:dpss
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
