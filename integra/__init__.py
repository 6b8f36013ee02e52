"""Integra: active-integration casework and EU project management for Polish social-welfare centres."""
