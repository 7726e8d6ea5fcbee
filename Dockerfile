# Frontdesk 检察服务前台 — production image (see docs/deploy.md).
# Stage 1 builds a virtual environment with the app installed; stage 2 copies only that
# environment into a slim image and runs it as an unprivileged user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/frontdesk
WORKDIR /src
# Dependencies first, so a code change does not reinstall them: exactly the versions (and
# hashes) of requirements.lock, the same resolution `make install` uses (`make lock` renews it).
COPY pyproject.toml README.md requirements.lock ./
RUN /opt/frontdesk/bin/pip install --require-hashes -r requirements.lock
COPY bot ./bot
COPY backend ./backend
COPY dialogs ./dialogs
COPY knowledge ./knowledge
COPY bench ./bench
RUN /opt/frontdesk/bin/pip install --no-deps . \
    # Byte-compile now: the runtime user cannot write next to the code.
    && /opt/frontdesk/bin/python -m compileall -q /opt/frontdesk/lib

FROM python:3.11-slim-bookworm
ENV PATH=/opt/frontdesk/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FRONTDESK_ENV=production \
    FRONTDESK_DATA_DIR=/data
RUN groupadd --system --gid 10001 frontdesk \
    && useradd --system --uid 10001 --gid frontdesk --home-dir /data --shell /usr/sbin/nologin frontdesk \
    && mkdir -p /data && chown frontdesk:frontdesk /data
COPY --from=build /opt/frontdesk /opt/frontdesk
USER frontdesk
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
# No curl in the slim image: the interpreter does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Secrets (FRONTDESK_SECRET_KEY, FRONTDESK_DATA_KEY, FRONTDESK_DATABASE_URL, Telegram) come
# from the environment at run time, never from the image.
CMD ["frontdesk", "serve", "--host", "0.0.0.0", "--port", "8000"]
