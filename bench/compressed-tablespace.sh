#!/usr/bin/env bash
# A PostgreSQL tablespace on a zstd-compressed btrfs volume, for `pnpm bench:analytics --tablespace msz_zstd`
# when the disk would not hold the generated year raw (20 M cases are over 90 GB uncompressed).
# PostgreSQL has no compression of ordinary rows; btrfs compresses each 128 KiB extent as it is written
# and keeps decompressed pages in the page cache, so warm reads cost what they cost on any disk.
#
#   sudo bench/compressed-tablespace.sh [up] [SIZE]   # default SIZE 300G: a sparse file, only what is written uses disk
#   sudo bench/compressed-tablespace.sh down         # drops the tablespace (must be empty), unmounts, deletes the file
#   bench/compressed-tablespace.sh usage             # what is stored and what it takes on disk (compsize)
#
# Needs root, btrfs in the kernel (grep btrfs /proc/filesystems) and btrfs-progs (apt-get install btrfs-progs btrfs-compsize).
set -euo pipefail

IMAGE=${MSZ_ZSTD_IMAGE:-/var/lib/msz-bench/zstd.img}
MOUNT=${MSZ_ZSTD_MOUNT:-/mnt/msz-zstd}
TABLESPACE=msz_zstd
PSQL=(psql -v ON_ERROR_STOP=1 -X -q -h 127.0.0.1 -U postgres -d postgres)

case "${1:-up}" in
  up)
    size=${2:-300G}
    if ! mountpoint -q "$MOUNT"; then
      mkdir -p "$(dirname "$IMAGE")" "$MOUNT"
      if [ ! -f "$IMAGE" ]; then
        truncate -s "$size" "$IMAGE"
        mkfs.btrfs -q "$IMAGE"
      fi
      # compress-force: btrfs would otherwise stop compressing a file whose first extent did not shrink.
      # zstd:1 is the cheapest level; noatime spares a metadata write per read.
      mount -o loop,compress-force=zstd:1,noatime "$IMAGE" "$MOUNT"
    fi
    mkdir -p "$MOUNT/pg"
    chown postgres:postgres "$MOUNT/pg"
    chmod 700 "$MOUNT/pg"
    if [ -z "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_tablespace WHERE spcname = '$TABLESPACE'")" ]; then
      "${PSQL[@]}" -c "CREATE TABLESPACE $TABLESPACE LOCATION '$MOUNT/pg'"
    fi
    echo "tablespace $TABLESPACE on $MOUNT (zstd:1): pnpm bench:analytics -- --tablespace $TABLESPACE"
    ;;
  down)
    "${PSQL[@]}" -c "DROP TABLESPACE IF EXISTS $TABLESPACE"
    if mountpoint -q "$MOUNT"; then umount "$MOUNT"; fi
    rm -f "$IMAGE"
    ;;
  usage)
    df -h "$MOUNT"
    if command -v compsize > /dev/null; then compsize -x "$MOUNT/pg"; else echo "(apt-get install btrfs-compsize for stored against on-disk sizes)"; fi
    ;;
  *)
    echo "usage: $0 [up [SIZE] | down | usage]" >&2
    exit 2
    ;;
esac
