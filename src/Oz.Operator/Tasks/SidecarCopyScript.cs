namespace Oz.Operator.Tasks;

/// <summary>
/// The script of a <c>copy-sidecar-N</c> init container: <c>/bin/sh -c SCRIPT copy-sidecar TARGET</c>
/// copies the sidecar image's own filesystem (every top-level entry, hidden ones included, except
/// the kernel filesystems /proc, /sys, /dev and the target volume itself) into the volume, keeping
/// modes, owners and links (<c>cp -a</c>, hence root). The image must contain /bin/sh and cp
/// (busybox or coreutils); for images without a shell use image volumes instead.
/// </summary>
public static class SidecarCopyScript
{
    public const string ScriptName = "copy-sidecar";

    /// <summary>$1 is the target directory; $2 (tests only) the root to copy from, "/" when absent.</summary>
    public const string Script =
        """
        set -eu
        target="$1"
        root="${2:-}"
        [ -d "$target" ] || { echo "copy-sidecar: $target is not a directory" >&2; exit 1; }
        for entry in "$root"/* "$root"/.[!.]* "$root"/..?*; do
          [ -e "$entry" ] || [ -L "$entry" ] || continue
          case "$entry" in
            "$root/proc"|"$root/sys"|"$root/dev"|"$target") continue ;;
          esac
          cp -a "$entry" "$target/"
        done

        """;
}
