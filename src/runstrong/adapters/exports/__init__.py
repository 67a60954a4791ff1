"""Exports of a plan to other tools: calendar files, Garmin FIT workouts and printable PDFs."""
