"""WSGI entry point: gunicorn wsgi:app"""

from kbb import create_app

app = create_app()
