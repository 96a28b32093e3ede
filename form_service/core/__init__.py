"""What both apps are built on: configuration, the one clock, Swedish time, crypto,
personnummer, retention, security headers, settings. Imports nothing else of
`form_service` (only `site_builder`, for the site configuration)."""
