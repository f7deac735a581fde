using System.Net;
using System.Net.Sockets;

namespace Oz.Operator.Configuration;

/// <summary>
/// Where the operator's own endpoints (health, metrics) listen. The default, <c>::</c>, is dual-stack
/// (IPv6, and IPv4 mapped onto it) and falls back to <c>0.0.0.0</c> where the host has no IPv6, so
/// one setting serves IPv4-only, dual-stack and IPv6-only clusters.
/// </summary>
public static class ListenAddresses
{
    /// <summary>All interfaces, dual-stack.</summary>
    public const string Default = "::";

    /// <summary>The addresses to try in order for <paramref name="configured"/> (empty means <see cref="Default"/>).</summary>
    /// <exception cref="FormatException"><paramref name="configured"/> is not an IP address.</exception>
    public static IReadOnlyList<IPAddress> Candidates(string? configured)
    {
        if (!TryParse(string.IsNullOrWhiteSpace(configured) ? Default : configured, out var address))
        {
            throw new FormatException($"'{configured}' is not an IP address");
        }

        return address.Equals(IPAddress.IPv6Any) ? [IPAddress.IPv6Any, IPAddress.Any] : [address];
    }

    /// <summary>Parses an IPv4 or IPv6 address, the latter also in brackets (<c>[::]</c>).</summary>
    public static bool TryParse(string? text, out IPAddress address)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            trimmed = trimmed[1..^1];
        }

        address = IPAddress.None;
        // A zone (fe80::1%eth0) names one interface: not something to configure for a pod.
        return trimmed.Length > 0 && !trimmed.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out address!);
    }

    /// <summary>
    /// Starts on the first of <paramref name="candidates"/> whose address family the host supports;
    /// any other failure (the port in use, no permission) is not a reason to try the next one.
    /// </summary>
    public static async Task<T> StartFirstAsync<T>(IReadOnlyList<IPAddress> candidates, Func<IPAddress, Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(start);
        for (var i = 0; ; i++)
        {
            try
            {
                return await start(candidates[i]).ConfigureAwait(false);
            }
            catch (Exception e) when (i < candidates.Count - 1 && IsAddressFamilyUnavailable(e))
            {
                // No IPv6 on this host: the next candidate is the IPv4 equivalent.
            }
        }
    }

    /// <summary>True when <paramref name="error"/> (or an exception inside it) says the host cannot use this address family.</summary>
    public static bool IsAddressFamilyUnavailable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable or SocketError.ProtocolNotSupported })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How an address is written next to a port: <c>[::]</c>, <c>0.0.0.0</c>.</summary>
    public static string Display(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
