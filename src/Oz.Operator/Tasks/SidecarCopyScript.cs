namespace Oz.Operator.Tasks;

/// <summary>
/// The script of a <c>copy-sidecar-N</c> init container: <c>/bin/sh -c SCRIPT copy-sidecar TARGET</c>
/// copies the sidecar image's own filesystem into the volume as the reference worker does (since
/// 2026-07): <c>tar</c> piped into <c>tar --no-same-owner --no-same-permissions</c>, leaving out the
/// kernel filesystems (/proc, /sys, /dev), /.dockerenv, the mounted Secrets (/run/secrets,
/// /var/run/secrets) and the target volume itself. The copies belong to root with the image's modes
/// less the umask, so the container needs only to read every file of the image (DAC_OVERRIDE), not
/// to give files away (<see cref="TaskPodHardening.CopyCapabilities"/>). The image must contain
/// /bin/sh and tar (busybox or GNU); for images without them use image volumes instead.
/// </summary>
public static class SidecarCopyScript
{
    public const string ScriptName = "copy-sidecar";

    /// <summary>
    /// $1 is the target directory; $2 (tests only) the root to copy from, "/" when absent. A failure
    /// of either tar fails the container (the reading side's status is carried out of the pipe on fd 3,
    /// as POSIX sh has no pipefail).
    /// </summary>
    public const string Script =
        """
        set -eu
        target="$1"
        root="${2:-/}"
        [ -d "$target" ] || { echo "copy-sidecar: $target is not a directory" >&2; exit 1; }
        inside="${target#"${root%/}"/}"
        read_status=$( { { tar -C "$root" \
          --exclude="./$inside" \
          --exclude=./proc \
          --exclude=./sys \
          --exclude=./dev \
          --exclude=./.dockerenv \
          --exclude=./var/run/secrets \
          --exclude=./run/secrets \
          -cf - . 3>&-; echo "$?" >&3; } | tar --no-same-owner --no-same-permissions -C "$target" -xf - 3>&-; } 3>&1 ) \
          || { echo "copy-sidecar: unpacking into $target failed" >&2; exit 1; }
        [ "$read_status" = 0 ] || { echo "copy-sidecar: reading the image failed (tar exit code $read_status)" >&2; exit 1; }

        """;
}
