#!/usr/bin/env bash
# Back up the class's progress database (answers, schedules, chat, accounts) to
# deploy/backups/tutor-YYYYmmdd-HHMMSS.dump, keeping the newest 14. Run it from cron, e.g.
#   17 2 * * *  cd /srv/sagemaker-tutor && bash deploy/backup.sh
# Restore into an empty database:
#   docker compose -f deploy/compose.yaml exec db pg_restore -U tutor -d tutor --clean /backups/FILE.dump
set -euo pipefail
cd "$(dirname "$0")"
stamp="$(date -u +%Y%m%d-%H%M%S)"
docker compose -f compose.yaml exec -T db pg_dump -U tutor -d tutor --format=custom --file "/backups/tutor-$stamp.dump"
ls -1t backups/tutor-*.dump | tail -n +15 | xargs -r rm --
echo "backups/tutor-$stamp.dump"
