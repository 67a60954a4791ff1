# runstrong's web app and REST API in one image: `docker compose up` (compose.yaml) runs it
# beside PostgreSQL; docs/deploy.md puts it behind a reverse proxy with TLS.
FROM python:3.11-slim

# Pango and a font for the printable plan (WeasyPrint); psycopg's wheel brings its libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && rm -rf /app/src

# The app never needs root: a user of its own, whose cache holds the parsed library.
RUN useradd --create-home --uid 10001 runstrong
USER runstrong
ENV PYTHONUNBUFFERED=1 \
    RUNSTRONG_CACHE_DIR=/home/runstrong/.cache/runstrong

EXPOSE 8000
ENTRYPOINT ["runstrong"]
CMD ["serve", "--multi-user", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
