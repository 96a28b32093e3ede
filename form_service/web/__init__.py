"""The Flask pieces both apps share: the app base, error pages, health checks and the
mark for views open to all. Below both apps, so neither imports the other."""
