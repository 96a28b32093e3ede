"""The e-services: citizens' interest registrations and applications (issue 3).

For now only the development server that serves the built site lives here.
"""
