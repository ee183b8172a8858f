# The web app: gunicorn serving config.wsgi with production settings.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000 \
    WEB_CONCURRENCY=3

WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.9 \
    && useradd --create-home --uid 10001 app

# Dependencies first, so code changes don't reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Hashed, compressed static files are part of the image; this key only signs nothing.
RUN SECRET_KEY=collectstatic-only-not-used-at-runtime-and-never-signs-anything python manage.py collectstatic --noinput \
    && chown -R app:app /app/staticfiles

USER app
EXPOSE 8000
ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi:application", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
