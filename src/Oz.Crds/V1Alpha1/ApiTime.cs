namespace Oz.Crds.V1Alpha1;

/// <summary>
/// Times at whole seconds, as metav1.Time has them: Go clients (kubectl, controllers) serialise it
/// without fractions. The API server stores a custom resource as it is sent, so truncating is our
/// choice, not the server's: KubernetesJson writes fractions (".123000Z"), and a status written with
/// them would not compare equal to the same status after a Go client rewrote it, making a "write
/// only when changed" comparison see changes that are not there. Use <see cref="Now"/> or
/// <see cref="Truncate"/> for every time written to an AgentTask.
/// </summary>
public static class ApiTime
{
    /// <summary>The current UTC time at whole seconds.</summary>
    public static DateTime Now(TimeProvider? clock = null) => Truncate((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);

    /// <summary>The time in UTC at whole seconds (an unspecified kind is taken as UTC).</summary>
    public static DateTime Truncate(DateTime time)
    {
        var utc = time.Kind switch
        {
            DateTimeKind.Local => time.ToUniversalTime(),
            _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
