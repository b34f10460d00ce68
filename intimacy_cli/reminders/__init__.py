"""Reminders, content-free: a daily time kept in a small settings file, a job
in the OS scheduler (systemd, launchd or cron) that runs ``intimacy remind
fire``, and the desktop notification it shows. Nothing here reads the journal."""
